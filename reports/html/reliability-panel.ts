import { verdicts } from "../../harness/engine/verdict.ts"
import type { RunReport } from "../model.ts"
import type { Reliability } from "../reliability.ts"
import type { RunDiff, VerdictChange } from "../trend.ts"
import { historyChart, latencyChart } from "./charts.ts"
import { code, codes, e, muted, pill, table } from "./markup.ts"

export interface CurrentRun {
  runId: string
  startedAt: string
  exitCode: 0 | 1 | 2
  summary: RunReport["summary"]
}

/** Latency, errors, retries, load and fault behaviour, the trend and the history chart. */
export function reliabilityPanel(r: Reliability, current: CurrentRun): string {
  const out: string[] = [`<h3>Latency per endpoint</h3>`, latencyChart(r.endpoints)]
  if (r.endpoints.length > 0) {
    const rows = r.endpoints.map((x) => [
      code(`${x.method} ${x.endpoint}`), String(x.count), String(x.p50), String(x.p95), String(x.p99), String(x.max),
      `${x.errors} (${(x.errorRate * 100).toFixed(1)} %)`, String(x.rejected),
    ])
    out.push(table(["endpoint", "requests#", "p50 ms#", "p95 ms#", "p99 ms#", "max ms#", "errors#", "4xx#"], rows))
  }
  out.push(`<h3>Retries and flaky verdicts</h3><p>retries: ${r.retries.total}; flaky: ${codes(r.flaky)}</p>`)
  if (r.stress.length > 0) {
    const rows = r.stress.map((s) => [
      code(s.id), e(s.tags.join(", ")), pill(s.verdict), String(s.durationMs), String(s.requests), String(s.errors),
    ])
    const head = ["scenario", "tags", "verdict", "ms#", "requests#", "errors#"]
    out.push(`<h3>Load and fault scenarios</h3>`, table(head, rows))
  }
  out.push(`<h3>Trend against the previous run</h3>`)
  out.push(r.trend === undefined ? muted("No earlier run of this target in the history store.") : trend(r.trend))
  const points = [...r.history.filter((h) => h.runId !== current.runId), current]
  const seen = verdicts.filter((v) => points.some((p) => (p.summary[v] ?? 0) > 0))
  out.push(`<h3>Verdicts across recent runs</h3>`, historyChart(points))
  if (points.length > 1) out.push(`<div class="keys">${seen.map((v) => pill(v)).join("")}</div>`)
  return out.join("\n")
}

function trend(d: RunDiff): string {
  const changes = (list: VerdictChange[]): string => list.length === 0
    ? muted("none")
    : `<ul>${list.map((c) => `<li>${code(c.requirement)}: ${pill(c.before)} → ${pill(c.after)}</li>`).join("")}</ul>`
  const i = d.interface
  const iface = [
    ...i.capabilities.added.map((x) => `capability declared: ${code(x)}`),
    ...i.capabilities.removed.map((x) => `capability no longer declared: ${code(x)}`),
    ...(i.versions === undefined ? [] : [`versions: ${codes(i.versions.before)} → ${codes(i.versions.after)}`]),
    ...(i.targetVersion === undefined
      ? []
      : [`target version: ${code(i.targetVersion.before ?? "none")} → ${code(i.targetVersion.after ?? "none")}`]),
    ...i.endpoints.added.map((x) => `endpoint added: ${code(x)}`),
    ...i.endpoints.removed.map((x) => `endpoint removed: ${code(x)}`),
    ...i.endpoints.moved.map((x) => `endpoint moved: ${code(x)}`),
    ...(i.directoryChanged ? ["the published directory document changed"] : []),
  ]
  return [
    `<p>Since run ${code(d.from.runId)} (${e(d.from.startedAt)}):</p>`,
    `<p><b>Regressed (${d.regressed.length})</b></p>${changes(d.regressed)}`,
    `<p><b>Recovered (${d.recovered.length})</b></p>${changes(d.recovered)}`,
    `<p><b>Interface</b></p>`,
    iface.length === 0 ? muted("no change") : `<ul>${iface.map((x) => `<li class="callout">${x}</li>`).join("")}</ul>`,
  ].join("\n")
}
