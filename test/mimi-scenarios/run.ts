import { resolve } from "node:path"
import { PassThrough } from "node:stream"
import { runScenarios } from "../../harness/engine/runner.ts"
import type { RunContext } from "../../harness/engine/run-context.ts"
import { ScenarioCollector } from "../../reports/collect.ts"
import type { ScenarioResult } from "../../reports/model.ts"

export const root = resolve(import.meta.dirname, "../..")

/** The provider scenarios these self-tests prove (franking, abuse and assets have their own). */
export const OWN_SUITES = [
  "suites/mimi-protocol/follower.suite.ts", "suites/mimi-protocol/key-material.suite.ts",
  "suites/mimi-protocol/rooms.suite.ts", "suites/mimi-protocol/transport.suite.ts",
]

/** Runs the given suite files against a started pair; returns the scenarios by ID. */
export async function runSuites(
  context: RunContext, include: string[], titlePattern?: string,
): Promise<Map<string, ScenarioResult>> {
  const collector = new ScenarioCollector(root)
  await runScenarios({
    root, include, context, reporters: [collector], retries: 0, log: new PassThrough(),
    ...(titlePattern === undefined ? {} : { titlePattern }),
  })
  return new Map(collector.scenarios.map((s) => [s.id, s]))
}
