import { availableParallelism, loadavg } from "node:os"

export interface Timed<T> {
  value: T
  /** Wall-clock milliseconds. */
  wallMs: number
  /** Process CPU milliseconds (user + system, all threads). */
  cpuMs: number
}

/** Runs `fn` once and measures wall and process CPU time. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const value = await fn()
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 }
}

/** "1.23" seconds from milliseconds. */
export const secs = (ms: number) => (ms / 1000).toFixed(2)

/** "4.2×", or "–" when either side is missing. */
export const ratio = (slow: number | undefined, fast: number | undefined) =>
  slow === undefined || fast === undefined || fast <= 0 ? "–" : `${(slow / fast).toFixed(1)}×`

/** The 1-minute load average and core count, printed next to every table: the machine may be shared. */
export function machineLoad(): string {
  const avg = loadavg().map((l) => l.toFixed(2)).join(" / ")
  return `load average ${avg} (1/5/15 min) on ${availableParallelism()} cores`
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][], align?: string[]): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${(align ?? head.map((_, i) => (i === 0 ? "---" : "---:"))).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n")
}
