import { worst, type Verdict } from "../harness/engine/verdict.ts"
import type { RunReport } from "./model.ts"
import { mdCode } from "./text.ts"

/** One earlier run of the same target, as the history store keeps it for charts. */
export interface HistoryPoint {
  runId: string
  startedAt: string
  exitCode: 0 | 1 | 2
  summary: Partial<Record<Verdict, number>>
}

export interface VerdictChange {
  requirement: string
  before: Verdict
  after: Verdict
}

export interface RunDiff {
  from: { runId: string; startedAt: string }
  to: { runId: string; startedAt: string }
  /** Requirements whose verdict got worse (e.g. pass → fail). */
  regressed: VerdictChange[]
  /** Requirements whose verdict got better. */
  recovered: VerdictChange[]
  /** Other verdict changes that are neither (e.g. pass → unsupported). */
  changed: VerdictChange[]
  /** Requirements checked in only one of the runs. */
  added: string[]
  removed: string[]
  /** The target's interface: what it declared and published. */
  interface: {
    capabilities: { added: string[]; removed: string[] }
    versions: { before: string[]; after: string[] } | undefined
    targetVersion: { before: string | undefined; after: string | undefined } | undefined
    endpoints: { added: string[]; removed: string[]; moved: string[] }
    directoryChanged: boolean
  }
}

// Groups for comparing verdicts: a move to a higher group is a regression.
const group: Partial<Record<Verdict, number>> = { pass: 0, info: 0, flaky: 1, warn: 2, fail: 3, timeout: 3, error: 3 }

/** Verdict per requirement: the worst of its checks, or of its scenarios when no check ran. */
export function requirementVerdicts(report: RunReport): Map<string, Verdict> {
  const checked = new Map<string, Verdict[]>()
  const claimed = new Map<string, Verdict[]>()
  for (const s of report.scenarios) {
    const ids = new Set(s.checks.map((c) => c.id))
    for (const c of s.checks) push(checked, c.id, s.verdict === "flaky" && c.verdict === "pass" ? "flaky" : c.verdict)
    for (const id of s.requirements) if (!ids.has(id)) push(claimed, id, s.verdict)
  }
  const out = new Map<string, Verdict>()
  for (const [id, list] of claimed) out.set(id, worst(list))
  for (const [id, list] of checked) out.set(id, worst(list))
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** What changed from run `a` to run `b`. Pure. */
export function diffRuns(a: RunReport, b: RunReport): RunDiff {
  const va = requirementVerdicts(a)
  const vb = requirementVerdicts(b)
  const out: RunDiff = {
    from: { runId: a.run.id, startedAt: a.run.startedAt },
    to: { runId: b.run.id, startedAt: b.run.startedAt },
    regressed: [],
    recovered: [],
    changed: [],
    added: [...vb.keys()].filter((id) => !va.has(id)),
    removed: [...va.keys()].filter((id) => !vb.has(id)),
    interface: interfaceDiff(a, b),
  }
  for (const [requirement, after] of vb) {
    const before = va.get(requirement)
    if (before === undefined || before === after) continue
    const ga = group[before]
    const gb = group[after]
    const change = { requirement, before, after }
    if (ga === undefined || gb === undefined || ga === gb) out.changed.push(change)
    else if (gb > ga) out.regressed.push(change)
    else out.recovered.push(change)
  }
  return out
}

function interfaceDiff(a: RunReport, b: RunReport): RunDiff["interface"] {
  const da = a.target.directory
  const db = b.target.directory
  const va = [...(da?.versions ?? a.observed?.versions ?? [])].sort()
  const vb = [...(db?.versions ?? b.observed?.versions ?? [])].sort()
  const ea = da?.endpoints ?? {}
  const eb = db?.endpoints ?? {}
  return {
    capabilities: setDiff(a.capabilities, b.capabilities),
    versions: va.join("\n") === vb.join("\n") ? undefined : { before: va, after: vb },
    targetVersion: a.target.version === b.target.version
      ? undefined
      : { before: a.target.version, after: b.target.version },
    endpoints: {
      ...setDiff(Object.keys(ea), Object.keys(eb)),
      moved: Object.keys(eb).filter((k) => ea[k] !== undefined && ea[k] !== eb[k]).sort(),
    },
    directoryChanged: (da?.document ?? "") !== (db?.document ?? ""),
  }
}

function setDiff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  return {
    added: after.filter((x) => !before.includes(x)).sort(),
    removed: before.filter((x) => !after.includes(x)).sort(),
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

/** True when the diff holds anything a release gate should look at. */
export function interfaceChanged(d: RunDiff): boolean {
  const i = d.interface
  return i.capabilities.added.length + i.capabilities.removed.length + i.endpoints.added.length +
    i.endpoints.removed.length + i.endpoints.moved.length > 0 || i.versions !== undefined ||
    i.targetVersion !== undefined || i.directoryChanged
}

/** The diff as Markdown lines (used by `conformance diff` and the reliability report). */
export function renderDiffMarkdown(d: RunDiff): string[] {
  const lines: string[] = []
  const row = (c: VerdictChange): string => `- ${mdCode(c.requirement)}: ${c.before} → ${c.after}`
  lines.push(`Comparing run ${d.from.runId} (${d.from.startedAt}) with ${d.to.runId} (${d.to.startedAt}).`, "")
  lines.push(`Regressed: ${d.regressed.length}`, ...d.regressed.map(row), "")
  lines.push(`Recovered: ${d.recovered.length}`, ...d.recovered.map(row), "")
  if (d.changed.length > 0) lines.push("Other verdict changes:", ...d.changed.map(row), "")
  if (d.added.length > 0) lines.push(`Newly checked: ${d.added.map(mdCode).join(", ")}`, "")
  if (d.removed.length > 0) lines.push(`No longer checked: ${d.removed.map(mdCode).join(", ")}`, "")
  const i = d.interface
  if (!interfaceChanged(d)) {
    lines.push("Interface: no change in declared capabilities, versions, endpoints or directory.")
  } else {
    lines.push("Interface changes:")
    for (const c of i.capabilities.added) lines.push(`- capability declared: ${mdCode(c)}`)
    for (const c of i.capabilities.removed) lines.push(`- capability no longer declared: ${mdCode(c)}`)
    const all = (xs: string[]): string => xs.map(mdCode).join(", ") || "none"
    if (i.versions !== undefined) lines.push(`- versions: ${all(i.versions.before)} → ${all(i.versions.after)}`)
    const tv = i.targetVersion
    if (tv !== undefined) lines.push(`- target version: ${mdCode(tv.before ?? "none")} → ${mdCode(tv.after ?? "none")}`)
    for (const e of i.endpoints.added) lines.push(`- endpoint added: ${mdCode(e)}`)
    for (const e of i.endpoints.removed) lines.push(`- endpoint removed: ${mdCode(e)}`)
    for (const e of i.endpoints.moved) lines.push(`- endpoint moved: ${mdCode(e)}`)
    if (i.directoryChanged) lines.push("- the published directory document changed")
  }
  return lines
}
