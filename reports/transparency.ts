import { failing, verdicts, worst, type Verdict } from "../harness/engine/verdict.ts"
import type { Level, Requirement } from "../harness/requirements/define.ts"
import type { CoverageProfile, RequirementStatus, RunReport, Transparency } from "./model.ts"
import { mdCell, mdCode } from "./text.ts"

const levels: Level[] = ["MUST", "SHOULD", "MAY"]

/**
 * Spec coverage and declared-versus-observed capabilities of a run. Pure: the registry is passed in,
 * so merged shard reports and the golden fixture get the same treatment.
 */
export function buildTransparency(report: RunReport, registry: readonly Requirement[]): Transparency {
  const inRun = registry.filter((r) => report.profiles.includes(r.profile))
  const requirements = inRun.map((r) => statusOf(r, report)).sort((a, b) => cmp(a.id, b.id))
  return { coverage: coverageOf(requirements), requirements, capabilities: capabilitiesOf(report) }
}

function statusOf(r: Requirement, report: RunReport): RequirementStatus {
  const checked: Verdict[] = []
  const fallback: Verdict[] = []
  const scenarios = new Set<string>()
  for (const s of report.scenarios) {
    const checks = s.checks.filter((c) => c.id === r.id)
    if (checks.length > 0) {
      scenarios.add(s.id)
      checked.push(...checks.map((c) => (s.verdict === "flaky" && c.verdict === "pass" ? "flaky" : c.verdict)))
    } else if (s.requirements.includes(r.id)) {
      scenarios.add(s.id)
      fallback.push(s.verdict)
    }
  }
  const verdict = checked.length > 0 ? worst(checked) : fallback.length > 0 ? worst(fallback) : "untested"
  return {
    id: r.id,
    profile: r.profile,
    doc: r.doc,
    section: r.section,
    level: r.level,
    link: r.link,
    text: r.text,
    verdict,
    scenarios: [...scenarios].sort(cmp),
  }
}

/** A requirement counts as exercised when a check of it ran (not skipped as unsupported or n/a). */
export function exercised(v: RequirementStatus["verdict"]): boolean {
  return v !== "untested" && v !== "unsupported" && v !== "n/a"
}

function coverageOf(requirements: RequirementStatus[]): CoverageProfile[] {
  const profiles = [...new Set(requirements.map((r) => r.profile))].sort(cmp)
  return profiles.map((profile) => {
    const mine = requirements.filter((r) => r.profile === profile)
    const keys = [...new Set(mine.map((r) => `${r.doc}\u0000${r.section}`))].sort(bySection)
    return {
      profile,
      sections: keys.map((key) => {
        const [doc = "", section = ""] = key.split("\u0000")
        const here = mine.filter((r) => r.doc === doc && r.section === section)
        return {
          doc,
          section,
          levels: levels.filter((l) => here.some((r) => r.level === l)).map((level) => {
            const of = here.filter((r) => r.level === level)
            const counts: Partial<Record<Verdict, number>> = {}
            for (const v of verdicts) {
              const n = of.filter((r) => r.verdict === v).length
              if (n > 0) counts[v] = n
            }
            const ran = of.filter((r) => exercised(r.verdict)).length
            return { level, total: of.length, exercised: ran, verdicts: counts }
          }),
          untested: here.filter((r) => !exercised(r.verdict)).map((r) => r.id),
        }
      }),
    }
  })
}

function capabilitiesOf(report: RunReport): Transparency["capabilities"] {
  const declared = [...report.capabilities].sort(cmp)
  const observed = [...(report.observed?.capabilities ?? [])].sort(cmp)
  const declaredButFailing = declared
    .map((capability) => ({
      capability,
      scenarios: report.scenarios
        .filter((s) => (s.requires ?? []).includes(capability) && (failing.has(s.verdict) || s.verdict === "warn"))
        .map((s) => s.id)
        .sort(cmp),
    }))
    .filter((d) => d.scenarios.length > 0)
  const seen = new Set(observed)
  return {
    declared,
    observed,
    declaredButFailing,
    declaredButUnobserved: report.observed === undefined ? [] : declared.filter((c) => !seen.has(c)),
    undeclaredButWorking: observed.filter((c) => !report.capabilities.includes(c)),
  }
}

function bySection(a: string, b: string): number {
  const [da = "", sa = ""] = a.split("\u0000")
  const [db = "", sb = ""] = b.split("\u0000")
  return da !== db ? cmp(da, db) : compareSections(sa, sb)
}

/** Sections in document order: "12.4.3.1" after "8.7", numerically by part. */
export function compareSections(a: string, b: string): number {
  const pa = a.split(".")
  const pb = b.split(".")
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? ""
    const y = pb[i] ?? ""
    if (x === y) continue
    const nx = Number(x)
    const ny = Number(y)
    return Number.isNaN(nx) || Number.isNaN(ny) ? cmp(x, y) : nx - ny
  }
  return 0
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The transparency report as Markdown: coverage per profile and section, capabilities, directory. */
export function renderTransparencyMarkdown(report: RunReport): string {
  const t = report.transparency
  const lines = [`# Transparency report: ${report.target.name}`, ""]
  lines.push(
    `Suite ${report.suite.name} ${report.suite.version} (${report.suite.commit.slice(0, 12)}) · ` +
      `run ${report.run.id} · ` +
      `profiles ${report.profiles.join(", ")}`,
    "",
  )
  if (t === undefined) return `${[...lines, "No coverage data in this report."].join("\n")}\n`
  lines.push("## Spec coverage", "")
  for (const p of t.coverage) {
    lines.push(`### ${p.profile}`, "")
    lines.push("| document | section | level | exercised | verdicts | untested |", "|---|---|---|---:|---|---|")
    for (const s of p.sections) {
      for (const l of s.levels) {
        const counts = Object.entries(l.verdicts).map(([v, n]) => `${v} ${n}`).join(", ")
        const untested = t.requirements
          .filter((r) => r.doc === s.doc && r.section === s.section && r.level === l.level && !exercised(r.verdict))
          .map((r) => mdCode(r.id))
        const cells = [mdCell(s.doc), `§${mdCell(s.section)}`, l.level, `${l.exercised}/${l.total}`, counts || "—"]
        cells.push(untested.join(" ") || "—")
        lines.push(`| ${cells.join(" | ")} |`)
      }
    }
    lines.push("")
  }
  const c = t.capabilities
  lines.push("## Declared versus observed capabilities", "")
  const observed = report.observed === undefined ? "not recorded by this run" : list(c.observed)
  lines.push(`- declared: ${list(c.declared)}`, `- observed: ${observed}`)
  for (const d of c.declaredButFailing) {
    lines.push(`- ⚠️ declared but failing: ${mdCode(d.capability)} (${list(d.scenarios)})`)
  }
  for (const d of c.declaredButUnobserved) lines.push(`- ⚠️ declared but not observed: ${mdCode(d)}`)
  for (const d of c.undeclaredButWorking) lines.push(`- ℹ️ undeclared but working: ${mdCode(d)}`)
  lines.push("", "## Published interface", "")
  const dir = report.target.directory
  if (dir === undefined) {
    lines.push("The run did not fetch a published directory.")
  } else {
    if (dir.url !== undefined) lines.push(`- directory: ${mdCode(dir.url)}`)
    lines.push(`- versions: ${list(dir.versions ?? [])}`)
    const endpoints = Object.entries(dir.endpoints ?? {}).sort(([a], [b]) => cmp(a, b))
    for (const [name, url] of endpoints) lines.push(`- ${mdCode(name)}: ${mdCode(url)}`)
  }
  if (report.target.version !== undefined) lines.push(`- target version (declared): ${mdCode(report.target.version)}`)
  return `${lines.join("\n")}\n`
}

function list(items: string[]): string {
  return items.length === 0 ? "none" : items.map(mdCode).join(", ")
}
