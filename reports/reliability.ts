import type { Verdict } from "../harness/engine/verdict.ts"
import type { RunReport } from "./model.ts"
import { mdCell, mdCode } from "./text.ts"
import { diffRuns, renderDiffMarkdown, type HistoryPoint, type RunDiff } from "./trend.ts"

export interface EndpointStats {
  endpoint: string
  method: string
  count: number
  /** Requests with no response (status 0) or a 5xx. */
  errors: number
  errorRate: number
  /** 4xx answers: often what a negative scenario asked for, so counted apart from errors. */
  rejected: number
  p50: number
  p95: number
  p99: number
  max: number
}

export interface Reliability {
  endpoints: EndpointStats[]
  retries: { total: number; scenarios: Array<{ id: string; retries: number; verdict: Verdict }> }
  flaky: string[]
  /** Scenarios tagged `load` or `fault`: how the target behaved under them. */
  stress: Array<{ id: string; tags: string[]; verdict: Verdict; durationMs: number; requests: number; errors: number }>
  trend?: RunDiff
  history: HistoryPoint[]
}

/** Earlier runs of the same target, from the history store. */
export interface TrendInput {
  previous?: RunReport
  history?: HistoryPoint[]
}

/** Latency, error rates, retries and trend of a run. Pure. */
export function buildReliability(report: RunReport, trend: TrendInput = {}): Reliability {
  const groups = new Map<string, { endpoint: string; method: string; ms: number[]; errors: number; rejected: number }>()
  for (const s of report.scenarios) {
    for (const r of s.requests ?? []) {
      const key = `${r.method} ${r.endpoint}`
      const g = groups.get(key) ?? { endpoint: r.endpoint, method: r.method, ms: [], errors: 0, rejected: 0 }
      g.ms.push(r.ms)
      if (r.status === 0 || r.status >= 500) g.errors += 1
      else if (r.status >= 400) g.rejected += 1
      groups.set(key, g)
    }
  }
  const endpoints = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => {
      const sorted = [...g.ms].sort((a, b) => a - b)
      return {
        endpoint: g.endpoint,
        method: g.method,
        count: sorted.length,
        errors: g.errors,
        errorRate: round(g.errors / sorted.length),
        rejected: g.rejected,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? 0,
      }
    })
  const byId = [...report.scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const retried = byId.filter((s) => s.retries > 0)
  return {
    endpoints,
    retries: {
      total: retried.reduce((t, s) => t + s.retries, 0),
      scenarios: retried.map((s) => ({ id: s.id, retries: s.retries, verdict: s.verdict })),
    },
    flaky: byId.filter((s) => s.verdict === "flaky").map((s) => s.id),
    stress: byId
      .filter((s) => (s.tags ?? []).some((t) => t === "load" || t === "fault"))
      .map((s) => ({
        id: s.id,
        tags: s.tags ?? [],
        verdict: s.verdict,
        durationMs: s.durationMs,
        requests: s.requests?.length ?? 0,
        errors: (s.requests ?? []).filter((r) => r.status === 0 || r.status >= 500).length,
      })),
    ...(trend.previous === undefined ? {} : { trend: diffRuns(trend.previous, report) }),
    history: trend.history ?? [],
  }
}

/** Nearest-rank percentile of an ascending list (0 for an empty one). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000

/** The reliability report as Markdown. */
export function renderReliabilityMarkdown(report: RunReport, trend: TrendInput = {}): string {
  const r = buildReliability(report, trend)
  const lines = [`# Reliability report: ${report.target.name}`, ""]
  lines.push(`Run ${report.run.id}, ${report.run.startedAt}, ${report.scenarios.length} scenarios.`, "")
  lines.push("## Latency and errors per endpoint", "")
  if (r.endpoints.length === 0) {
    lines.push("No scenario recorded timed requests.", "")
  } else {
    lines.push("| endpoint | method | requests | p50 ms | p95 ms | p99 ms | max ms | errors | error rate | 4xx |")
    lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (const e of r.endpoints) {
      const rate = `${(e.errorRate * 100).toFixed(1)} %`
      const cells = [mdCell(e.endpoint), mdCell(e.method), e.count, e.p50, e.p95, e.p99, e.max, e.errors, rate]
      cells.push(e.rejected)
      lines.push(`| ${cells.join(" | ")} |`)
    }
    lines.push("")
  }
  lines.push("## Retries and flaky verdicts", "", `Retries: ${r.retries.total}. Flaky scenarios: ${r.flaky.length}.`)
  for (const s of r.retries.scenarios) {
    lines.push(`- ${mdCode(s.id)}: ${s.retries} retr${s.retries === 1 ? "y" : "ies"}, ${s.verdict}`)
  }
  lines.push("", "## Load and fault scenarios", "")
  if (r.stress.length === 0) lines.push("The run had no scenario tagged load or fault.")
  for (const s of r.stress) {
    const load = `${s.requests} requests, ${s.errors} error(s)`
    lines.push(`- ${mdCode(s.id)} [${s.tags.join(", ")}]: ${s.verdict} in ${s.durationMs} ms, ${load}`)
  }
  lines.push("", "## Trend against the previous run", "")
  if (r.trend === undefined) lines.push("No earlier run of this target in the history store.")
  else lines.push(...renderDiffMarkdown(r.trend))
  if (r.history.length > 0) {
    lines.push("", "## Recent runs", "")
    lines.push("| run | started | exit | pass | fail | warn | error |", "|---|---|---:|---:|---:|---:|---:|")
    for (const h of r.history) {
      const n = (v: Verdict): number => h.summary[v] ?? 0
      const cells = [mdCell(h.runId), h.startedAt, h.exitCode, n("pass"), n("fail"), n("warn")]
      cells.push(n("error") + n("timeout"))
      lines.push(`| ${cells.join(" | ")} |`)
    }
  }
  return `${lines.join("\n")}\n`
}
