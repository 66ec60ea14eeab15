import { emptySummary } from "../harness/engine/verdict.ts"
import type { RunReport, ScenarioResult } from "./model.ts"

export interface ReportInput {
  suite: RunReport["suite"]
  run: RunReport["run"]
  target: RunReport["target"]
  profiles: string[]
  capabilities: string[]
  scenarios: ScenarioResult[]
  errors: RunReport["errors"]
}

/** Assembles the RunReport: counts verdicts and decides the exit code. Pure. */
export function buildReport(input: ReportInput): RunReport {
  const summary = emptySummary()
  for (const s of input.scenarios) summary[s.verdict] += 1
  return { schemaVersion: 1, ...input, summary, exit: exitFor(input.scenarios, input.errors) }
}

/**
 * 0 conformant, 1 a MUST failed, 2 the run itself is not trustworthy (harness, config or transport
 * trouble, a timeout, or a suite file that did not load). 2 wins over 1: a run with errors may
 * hide further failures.
 */
export function exitFor(scenarios: ScenarioResult[], errors: RunReport["errors"]): RunReport["exit"] {
  if (errors.length > 0) return { code: 2, reason: `${errors.length} harness error(s): ${errors[0]?.message ?? ""}` }
  const broken = scenarios.filter((s) => s.verdict === "error" || s.verdict === "timeout")
  if (broken.length > 0) return { code: 2, reason: `${broken.length} scenario(s) ended in error or timeout` }
  const failed = scenarios.filter((s) => s.verdict === "fail")
  if (failed.length > 0) return { code: 1, reason: `${failed.length} scenario(s) failed a MUST requirement` }
  if (scenarios.length === 0) return { code: 2, reason: "no scenario ran" }
  return { code: 0, reason: "every MUST requirement exercised held" }
}
