/** Runs this area's suites against reference pairs (started by the provider scenario tests' pair helper). */
import { resolve } from "node:path"
import { Writable } from "node:stream"
import { runScenarios } from "../../harness/engine/runner.ts"
import type { RunContext } from "../../harness/engine/run-context.ts"
import { ScenarioCollector } from "../../reports/collect.ts"
import type { ScenarioResult } from "../../reports/model.ts"
import { startPair, type StartedPair } from "../mimi-scenarios/pair.ts"

const root = resolve(import.meta.dirname, "../..")

export const SUITES = {
  assets: "suites/mimi-protocol/assets.suite.ts",
  abuse: "suites/mimi-protocol/abuse.suite.ts",
  franking: "suites/mimi-protocol/franking.suite.ts",
  content: "suites/mimi-content/content.suite.ts",
} as const

export type Results = Map<string, ScenarioResult>

/** Runs suite files against a started pair with both profiles selected; the scenarios by ID. */
export async function runSuites(context: RunContext, files: string[]): Promise<Results> {
  const collector = new ScenarioCollector(root)
  const ctx = { ...context, profiles: ["mimi-protocol", "mimi-content"] }
  await runScenarios({ root, include: files, context: ctx, reporters: [collector], retries: 0, log: discard() })
  return new Map(collector.scenarios.map((s) => [s.id, s]))
}

/** Starts a pair with `faults`, runs `files` against it with both profiles selected, and stops it. */
export async function runAgainst(faults: string[], files: string[]): Promise<Results> {
  const started: StartedPair = await startPair(faults)
  try {
    return await runSuites(started.context, files)
  } finally {
    await started.stop()
  }
}

/** The verdicts of the checks naming `id` in one scenario. */
export function verdictsOf(results: Results, scenario: string, id: string): string[] {
  return (results.get(scenario)?.checks ?? []).filter((c) => c.id === id).map((c) => c.verdict)
}

/** A one-line summary of anything that did not pass, for assertion messages. */
export function problems(results: Results): string {
  const bad = (s: ScenarioResult) =>
    s.error ?? s.checks.filter((c) => c.verdict !== "pass").map((c) => `${c.id}: ${c.actual}`)
  return [...results.values()].filter((s) => s.verdict !== "pass")
    .map((s) => `${s.id} ${s.verdict} ${JSON.stringify(bad(s))}`).join("\n")
}

/** vitest's own output is not needed; this sink also takes what late workers write after the run. */
const discard = () => new Writable({ write: (_chunk, _enc, done) => done() })
