import { createHash } from "node:crypto"
import type { Verdict } from "../harness/engine/verdict.ts"
import type { CheckRecordOut, RunReport, ScenarioResult } from "./model.ts"

/** One file of an allure-results folder. */
export interface AllureFile {
  name: string
  content: string
}

type Status = "passed" | "failed" | "broken" | "skipped"

const status: Record<Verdict, Status> = {
  pass: "passed",
  info: "passed",
  warn: "passed",
  flaky: "passed",
  "n/a": "skipped",
  unsupported: "skipped",
  fail: "failed",
  timeout: "broken",
  error: "broken",
}

const severity = { MUST: "critical", SHOULD: "normal", MAY: "minor" } as const

/**
 * Allure result files built from the RunReport alone, so a merged shard report renders the same as a
 * single run. Labels come from requirement IDs, links from the registry entries copied into the
 * checks. UUIDs derive from run and scenario IDs: the output is deterministic.
 */
export function renderAllure(report: RunReport): AllureFile[] {
  const files: AllureFile[] = []
  const start = Date.parse(report.run.startedAt)
  const links = registryLinks(report)
  for (const s of [...report.scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const uuid = uuidOf(`${report.run.id}\u0000${s.id}`)
    const attachments: Array<{ name: string; source: string; type: string }> = []
    if (s.evidence.length > 0) {
      const source = `${uuid}-attachment.txt`
      const content = s.evidence.map((ev, i) => `# ${i + 1}. ${ev.label} (${ev.kind})\n${ev.data}\n`).join("\n")
      files.push({ name: source, content })
      attachments.push({ name: "evidence transcript", source, type: "text/plain" })
    }
    const result = {
      uuid,
      historyId: hex(`${s.id}`).slice(0, 32),
      testCaseId: hex(`${s.file}#${s.id}`).slice(0, 32),
      name: s.title,
      fullName: `${s.file}#${s.id}`,
      titlePath: [s.profile, ...s.file.split("/")],
      status: status[s.verdict],
      statusDetails: details(s),
      stage: "finished",
      start,
      stop: start + s.durationMs,
      description: `Scenario \`${s.id}\`, verdict **${s.verdict}**.${s.note === undefined ? "" : ` ${s.note}`}`,
      labels: labels(report, s),
      links: requirementIds(s).flatMap((id) => links.get(id) ?? []),
      parameters: parameters(s),
      steps: s.checks.map((c) => step(c, start, s.durationMs)),
      attachments,
    }
    files.push({ name: `${uuid}-result.json`, content: `${JSON.stringify(result, null, 2)}\n` })
  }
  files.push({ name: "environment.properties", content: environment(report) })
  files.push({ name: "categories.json", content: `${JSON.stringify(categories, null, 2)}\n` })
  return files
}

function details(s: ScenarioResult): { message?: string; trace?: string; flaky?: boolean; known?: boolean } {
  const bad = s.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn")
  const message = s.error !== undefined
    ? `${s.error.code}: ${s.error.message}`
    : bad.length > 0 ? bad.map((c) => `${c.id} ${c.verdict}`).join(", ") : s.note
  const trace = bad
    .map((c) => `${c.id} (${c.doc} §${c.section})\n  expected ${c.expected ?? ""}\n  actual   ${c.actual ?? ""}`)
    .join("\n")
  return {
    ...(message === undefined ? {} : { message }),
    ...(trace === "" ? {} : { trace }),
    ...(s.verdict === "flaky" ? { flaky: true } : {}),
    ...(bad.length > 0 && bad.every((c) => c.knownDeviation !== undefined) ? { known: true } : {}),
  }
}

function labels(report: RunReport, s: ScenarioResult): Array<{ name: string; value: string }> {
  const ids = requirementIds(s)
  const levels = s.checks.map((c) => c.level)
  const level = (["MUST", "SHOULD", "MAY"] as const).find((l) => levels.includes(l))
  return [
    { name: "parentSuite", value: report.target.name },
    { name: "suite", value: s.profile },
    { name: "subSuite", value: s.file },
    { name: "epic", value: s.profile },
    ...[...new Set(ids.map((id) => id.split(".")[1] ?? ""))].map((value) => ({ name: "feature", value })),
    ...ids.map((value) => ({ name: "story", value })),
    ...ids.map((value) => ({ name: "requirement", value })),
    ...(s.tags ?? []).map((value) => ({ name: "tag", value })),
    ...(level === undefined ? [] : [{ name: "severity", value: severity[level] }]),
    { name: "framework", value: "e2ee-conformance" },
    { name: "language", value: "typescript" },
    { name: "host", value: report.target.name },
  ]
}

/** Registry links per requirement: from the checks, else the transparency list. */
function registryLinks(report: RunReport): Map<string, Array<{ name: string; url: string; type: string }>> {
  const out = new Map<string, Array<{ name: string; url: string; type: string }>>()
  const add = (id: string, doc: string, section: string, url: string): void => {
    if (!out.has(id) && url !== "") out.set(id, [{ name: `${id} (${doc} §${section})`, url, type: "link" }])
  }
  for (const s of report.scenarios) for (const c of s.checks) add(c.id, c.doc, c.section, c.link)
  for (const r of report.transparency?.requirements ?? []) add(r.id, r.doc, r.section, r.link)
  return out
}

function parameters(s: ScenarioResult): Array<{ name: string; value: string }> {
  const m = /\[(.*)\]$/.exec(s.id)
  return [
    ...(m?.[1] === undefined ? [] : [{ name: "variant", value: m[1] }]),
    ...(s.retries > 0 ? [{ name: "retries", value: String(s.retries) }] : []),
  ]
}

function step(c: CheckRecordOut, start: number, durationMs: number): object {
  return {
    name: `${c.id} (${c.level}): ${c.verdict}`,
    status: status[c.verdict],
    statusDetails: {
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      ...(c.actual === undefined ? {} : { actual: c.actual }),
      ...(c.hint === undefined ? {} : { message: c.hint }),
      ...(c.knownDeviation === undefined ? {} : { known: true }),
    },
    stage: "finished",
    start,
    stop: start + durationMs,
    steps: [],
    attachments: [],
    parameters: [{ name: "spec", value: `${c.doc} §${c.section}` }],
  }
}

const categories = [
  { name: "MUST violated", matchedStatuses: ["failed"] },
  { name: "Harness or transport trouble (verdict unknown)", matchedStatuses: ["broken"] },
  { name: "Unsupported or outside the selected profiles", matchedStatuses: ["skipped"] },
]

function environment(report: RunReport): string {
  const props: Array<[string, string]> = [
    ["target", report.target.name],
    ["target.kind", report.target.kind],
    ["target.version", report.target.version ?? ""],
    ["suite", `${report.suite.name} ${report.suite.version}`],
    ["suite.commit", report.suite.commit],
    ["profiles", report.profiles.join(",")],
    ["run", report.run.id],
    ["exit", `${report.exit.code} ${report.exit.reason}`],
  ]
  return props.map(([k, v]) => `${k}=${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`).join("\n") + "\n"
}

function requirementIds(s: ScenarioResult): string[] {
  return [...new Set([...s.requirements, ...s.checks.map((c) => c.id)])].sort()
}

function hex(text: string): string {
  return createHash("sha256").update(text).digest("hex")
}

/** A UUID-shaped (version 8, RFC 9562 custom) name derived from the text. */
function uuidOf(text: string): string {
  const h = hex(text)
  const variant = ((parseInt(h[16] ?? "0", 16) & 3) | 8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
