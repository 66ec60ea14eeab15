import type { Level } from "../requirements/define.ts"

/**
 * The verdict vocabulary. A scenario takes the worst verdict of its checks; `unsupported` comes
 * only from the target's declared capabilities, never from a failure.
 */
export const verdicts = ["pass", "info", "warn", "flaky", "n/a", "unsupported", "fail", "timeout", "error"] as const
export type Verdict = (typeof verdicts)[number]

/** Rank for worst-of rollup: later is worse. */
const rank: Record<Verdict, number> = {
  pass: 0,
  "n/a": 1,
  unsupported: 2,
  info: 3,
  flaky: 4,
  warn: 5,
  fail: 6,
  timeout: 7,
  error: 8,
}

export function worst(list: Iterable<Verdict>, empty: Verdict = "pass"): Verdict {
  let out: Verdict | undefined
  for (const v of list) if (out === undefined || rank[v] > rank[out]) out = v
  return out ?? empty
}

/** What a violated requirement of a given level means. */
export function verdictForViolation(level: Level): Verdict {
  return level === "MUST" ? "fail" : level === "SHOULD" ? "warn" : "info"
}

/** Verdicts that make a vitest test fail, so plain vitest output and JUnit tell the truth too. */
export const failing: ReadonlySet<Verdict> = new Set<Verdict>(["fail", "timeout", "error"])
/** Verdicts that are reported as skipped. */
export const skipped: ReadonlySet<Verdict> = new Set<Verdict>(["unsupported", "n/a"])

export function emptySummary(): Record<Verdict, number> {
  return Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>
}
