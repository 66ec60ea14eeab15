import { failing, verdicts } from "../harness/engine/verdict.ts"
import type { RunReport } from "./model.ts"

/** A summary for CI job pages (GitHub's step summary and the like): headline, counts, what failed. */
export function renderMarkdown(report: RunReport): string {
  const lines: string[] = []
  const mark = report.exit.code === 0 ? "✅ conformant" : report.exit.code === 1 ? "❌ not conformant" : "⚠️ run error"
  lines.push(`# Conformance: ${report.target.name} — ${mark}`, "")
  lines.push(
    `Suite ${report.suite.name} ${report.suite.version} (${report.suite.commit.slice(0, 12)}) · target kind ` +
      `\`${report.target.kind}\`${report.target.version === undefined ? "" : ` ${report.target.version}`} · ` +
      `profiles ${report.profiles.join(", ")} · ${report.scenarios.length} scenarios in ${(report.run.durationMs / 1000).toFixed(1)} s`,
    "",
    `Exit ${report.exit.code}: ${report.exit.reason}`,
    "",
  )
  const used = verdicts.filter((v) => report.summary[v] > 0)
  lines.push(`| ${used.join(" | ")} |`, `|${used.map(() => "---:").join("|")}|`, `| ${used.map((v) => report.summary[v]).join(" | ")} |`, "")

  const bad = report.scenarios.filter((s) => failing.has(s.verdict))
  if (bad.length > 0) {
    lines.push("## Failing scenarios", "", "| scenario | verdict | requirement | expected | actual |", "|---|---|---|---|---|")
    for (const s of bad) {
      const checks = s.checks.filter((c) => failing.has(c.verdict))
      if (checks.length === 0) lines.push(`| ${cell(s.id)} | ${s.verdict} | — | — | ${cell(s.error?.message ?? "")} |`)
      for (const c of checks) {
        const verdict = c.knownDeviation === undefined ? c.verdict : `${c.verdict} (known deviation until ${c.knownDeviation.expires})`
        lines.push(`| ${cell(s.id)} | ${verdict} | [${c.id}](${c.link}) (${c.doc} §${c.section}) | ${cell(c.expected ?? "")} | ${cell(c.actual ?? "")} |`)
      }
    }
    lines.push("")
  }
  if (report.errors.length > 0) {
    lines.push("## Harness errors", "", ...report.errors.map((e) => `- \`${e.code}\` ${e.file ?? ""} ${cell(e.message)}`), "")
  }
  return `${lines.join("\n")}\n`
}

function cell(text: string): string {
  const flat = text.replace(/\|/g, "\\|").replace(/\s+/g, " ")
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat
}
