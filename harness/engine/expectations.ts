import { readFileSync } from "node:fs"
import { exitFor } from "../../reports/build.ts"
import type { ExpectationUse, RunReport, ScenarioResult } from "../../reports/model.ts"
import { requirement } from "../requirements/index.ts"
import { HarnessError } from "./errors.ts"

/**
 * A known deviation, for challengers gating CI: the requirement is expected to fail until `expires`.
 *
 * ```json
 * { "expectations": [{ "requirement": "mimi.key-material.single-use", "scenario": "mimi.key-material.claim",
 *     "reason": "fixed in 2.4 (ticket 181)", "expires": "2026-12-31" }] }
 * ```
 */
export interface Expectation {
  requirement: string
  /** A scenario ID; matches the exact ID or its base before the `[variant]`. */
  scenario?: string
  /** The bracketed variant of a scenario ID, e.g. "cs=3 #2". */
  variant?: string
  reason: string
  /** Last valid day, YYYY-MM-DD (UTC). */
  expires: string
}

const fields = new Set(["requirement", "scenario", "variant", "reason", "expires"])
const isRegistered = (id: string): boolean => requirement(id) !== undefined

/** Reads and validates an expectations file; unknown requirement IDs and bad dates are config errors. */
export function loadExpectations(file: string, known: (id: string) => boolean = isRegistered): Expectation[] {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, "utf8"))
  } catch (e) {
    throw new HarnessError("E_CONFIG_INVALID", `cannot read expectations file ${file}: ${(e as Error).message}`, file)
  }
  const list = (data as { expectations?: unknown } | null)?.expectations
  if (!Array.isArray(list)) {
    throw new HarnessError("E_CONFIG_INVALID", `${file}: expected {"expectations": [...]}`, "/expectations")
  }
  return list.map((entry: unknown, i) => parseEntry(entry, `/expectations/${i}`, file, known))
}

function parseEntry(entry: unknown, at: string, file: string, known: (id: string) => boolean): Expectation {
  const bad = (msg: string, field = ""): never => {
    throw new HarnessError("E_CONFIG_INVALID", `${file}: ${at}${field}: ${msg}`, `${at}${field}`)
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return bad("must be an object")
  const e = entry as Record<string, unknown>
  for (const k of Object.keys(e)) if (!fields.has(k)) bad(`unknown field "${k}"`)
  for (const k of ["requirement", "reason", "expires"]) {
    if (typeof e[k] !== "string" || e[k] === "") bad("is required (a non-empty string)", `/${k}`)
  }
  for (const k of ["scenario", "variant"]) {
    if (e[k] !== undefined && typeof e[k] !== "string") bad("must be a string", `/${k}`)
  }
  const out = e as unknown as Expectation
  if (!known(out.requirement)) bad(`unknown requirement ID ${JSON.stringify(out.requirement)}`, "/requirement")
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.expires) || Number.isNaN(Date.parse(`${out.expires}T00:00:00Z`))) {
    bad(`expected a date YYYY-MM-DD, got ${JSON.stringify(out.expires)}`, "/expires")
  }
  return out
}

/** Audit mode cannot have known deviations: a regulator's run hides nothing. */
export function refuseExpectationsInAudit(audit: boolean, expectationsFile: string | undefined): void {
  if (audit && expectationsFile !== undefined) {
    const why = "--audit refuses an expectations file: an audit run reports every failure as it is"
    throw new HarnessError("E_USAGE", why, "--expectations")
  }
}

/** Whether the entry is past its last valid day at `now`. */
export function isExpired(e: Expectation, now: Date | string): boolean {
  return new Date(now).toISOString().slice(0, 10) > e.expires
}

/**
 * Applies known deviations to a report. Verdicts are never changed: a covered failing check gets a
 * `knownDeviation` note and stops counting for the exit code. An entry whose requirement now holds
 * is stale (exit 1); an expired entry is an error (exit 2). Every entry is listed in the report.
 */
export function applyExpectations(
  report: RunReport,
  expectations: readonly Expectation[],
  now: Date | string,
): RunReport {
  const scenarios: ScenarioResult[] = report.scenarios.map((s) => ({ ...s, checks: s.checks.map((c) => ({ ...c })) }))
  const uses: ExpectationUse[] = expectations.map((e) => {
    const expired = isExpired(e, now)
    const matched = new Set<string>()
    let covered = 0
    for (const s of scenarios.filter((s) => matchesScenario(e, s.id))) {
      for (const c of s.checks.filter((c) => c.id === e.requirement)) {
        if (c.verdict === "unsupported" || c.verdict === "n/a") continue
        matched.add(s.id)
        if (c.verdict !== "fail" && c.verdict !== "warn") continue
        covered += 1
        if (!expired) c.knownDeviation = { reason: e.reason, expires: e.expires }
      }
    }
    const outcome: ExpectationUse["outcome"] =
      expired ? "expired" : covered > 0 ? "expected-failure" : matched.size > 0 ? "stale" : "unmatched"
    return {
      requirement: e.requirement,
      ...(e.scenario === undefined ? {} : { scenario: e.scenario }),
      ...(e.variant === undefined ? {} : { variant: e.variant }),
      reason: e.reason,
      expires: e.expires,
      outcome,
      scenarios: [...matched].sort(),
    }
  })
  return { ...report, scenarios, expectations: uses, exit: exitWith(scenarios, report.errors, uses) }
}

function matchesScenario(e: Expectation, id: string): boolean {
  const bracket = id.indexOf("[")
  const base = bracket < 0 ? id : id.slice(0, bracket)
  const variant = bracket < 0 ? undefined : id.slice(bracket + 1, id.endsWith("]") ? -1 : undefined)
  if (e.scenario !== undefined && e.scenario !== id && e.scenario !== base) return false
  return e.variant === undefined || e.variant === variant
}

function exitWith(scenarios: ScenarioResult[], errors: RunReport["errors"], uses: ExpectationUse[]): RunReport["exit"] {
  // A failing scenario whose every failing check is a known deviation does not gate the run.
  const gating = scenarios.map((s) =>
    s.verdict === "fail" && s.checks.filter((c) => c.verdict === "fail").every((c) => c.knownDeviation !== undefined)
      ? { ...s, verdict: "pass" as const }
      : s,
  )
  const base = exitFor(gating, errors)
  const expired = uses.filter((u) => u.outcome === "expired")
  const stale = uses.filter((u) => u.outcome === "stale")
  const ids = (list: ExpectationUse[]): string => list.map((u) => u.requirement).join(", ")
  if (expired.length > 0) {
    const reason = `${expired.length} expired expectation(s): ${ids(expired)}`
    return { code: 2, reason: base.code === 2 ? `${base.reason}; ${reason}` : reason }
  }
  if (base.code === 2) return base
  if (stale.length > 0) {
    const reason = `${stale.length} stale expectation(s), the requirement now holds: ${ids(stale)}`
    return { code: 1, reason: base.code === 1 ? `${base.reason}; ${reason}` : reason }
  }
  const expected = uses.filter((u) => u.outcome === "expected-failure").length
  if (expected === 0 || base.code !== 0) return base
  return { code: 0, reason: `${base.reason}, apart from ${expected} known deviation(s)` }
}
