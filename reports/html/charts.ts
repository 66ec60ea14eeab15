import { verdicts } from "../../harness/engine/verdict.ts"
import type { EndpointStats } from "../reliability.ts"
import { e } from "./markup.ts"
import type { HistoryPoint } from "../trend.ts"
import { colours } from "./style.ts"

const W = 760

/** Horizontal bars per endpoint: p50, p95 and p99 latency on one scale. */
export function latencyChart(endpoints: EndpointStats[]): string {
  if (endpoints.length === 0) return `<p class="muted">No scenario recorded timed requests.</p>`
  const label = 250
  const rowH = 42
  const top = 22
  const max = Math.max(1, ...endpoints.map((x) => x.p99))
  const scale = (ms: number): number => Math.max(1, Math.round(((W - label - 70) * ms) / max))
  const series = [
    { key: "p50", colour: "#54aeff" },
    { key: "p95", colour: "#0969da" },
    { key: "p99", colour: "#0a3069" },
  ] as const
  const rows = endpoints.map((x, i) => {
    const y = top + i * rowH
    const bars = series.map((s, j) => {
      const v = x[s.key]
      const tip = `<title>${e(`${x.method} ${x.endpoint} ${s.key} ${v} ms`)}</title>`
      return `<rect x="${label}" y="${y + j * 12}" width="${scale(v)}" height="10" fill="${s.colour}">${tip}</rect>` +
        `<text x="${label + scale(v) + 4}" y="${y + j * 12 + 9}">${v} ms</text>`
    })
    const text = e(clip(`${x.method} ${x.endpoint}`, 40))
    const name = `<text x="${label - 6}" y="${y + 20}" text-anchor="end">${text}</text>`
    return name + bars.join("")
  })
  const legend = series.map((s, j) => {
    const x = label + j * 70
    return `<rect x="${x}" y="4" width="10" height="10" fill="${s.colour}"/><text x="${x + 14}" y="13">${s.key}</text>`
  })
  return svg("Latency per endpoint", top + endpoints.length * rowH, legend.join("") + rows.join(""))
}

/** Stacked bars of verdict counts for each recent run of the target, oldest first. */
export function historyChart(points: HistoryPoint[]): string {
  if (points.length < 2) return `<p class="muted">Fewer than two runs of this target in the history store.</p>`
  const h = 220
  const base = 180
  const left = 40
  const slot = Math.min(60, Math.floor((W - left) / points.length))
  const totals = points.map((p) => verdicts.reduce((t, v) => t + (p.summary[v] ?? 0), 0))
  const max = Math.max(1, ...totals)
  const px = (n: number): number => Math.round((150 * n) / max)
  const bars = points.map((p, i) => {
    const x = left + i * slot + 4
    let y = base
    const parts = verdicts.filter((v) => (p.summary[v] ?? 0) > 0).map((v) => {
      const n = p.summary[v] ?? 0
      y -= px(n)
      const tip = `<title>${e(`${p.runId}: ${n} ${v}`)}</title>`
      return `<rect x="${x}" y="${y}" width="${slot - 8}" height="${px(n)}" fill="${colours[v]}">${tip}</rect>`
    })
    const mid = x + (slot - 8) / 2
    const day = e(p.startedAt.slice(5, 10))
    return `${parts.join("")}<text x="${mid}" y="${base + 14}" text-anchor="middle">${day}</text>` +
      `<text x="${mid}" y="${base + 28}" text-anchor="middle">exit ${p.exitCode}</text>`
  })
  const axis = `<line x1="${left}" y1="${base}" x2="${W}" y2="${base}" stroke="#8c959f"/>` +
    `<text x="${left - 6}" y="${base - 150 + 4}" text-anchor="end">${max}</text>` +
    `<text x="${left - 6}" y="${base + 4}" text-anchor="end">0</text>`
  return svg("Verdict counts across recent runs", h, axis + bars.join(""))
}

function svg(label: string, h: number, content: string): string {
  return `<svg role="img" aria-label="${label}" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ` +
    `xmlns="http://www.w3.org/2000/svg">${content}</svg>`
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text
}
