import { relative } from "node:path"
import type { Reporter, SerializedError, TestCase, TestModule } from "vitest/node"
import type { ScenarioRecord } from "../harness/engine/record.ts"
import { requirement } from "../harness/requirements/index.ts"
import type { CheckRecordOut, ScenarioResult } from "./model.ts"

/**
 * The one vitest reporter of a conformance run: it turns each finished scenario's task meta into a
 * ScenarioResult and keeps harness trouble (suite files that failed to load, unhandled errors)
 * apart, so a broken file can never read as "0 failed". It also works on merged shard blobs.
 */
export class ScenarioCollector implements Reporter {
  readonly scenarios: ScenarioResult[] = []
  readonly errors: Array<{ code: string; message: string; file?: string }> = []

  constructor(private readonly root: string) {}

  onTestCaseResult(testCase: TestCase): void {
    const record = testCase.meta().conformance
    if (record === undefined) return
    const diagnostic = testCase.diagnostic()
    const retries = diagnostic?.retryCount ?? 0
    const state = testCase.result().state
    const verdict = state === "passed" && retries > 0 ? "flaky" : record.verdict
    const definition = testCase.meta().scenario
    const result = toResult(record, relative(this.root, testCase.module.moduleId), verdict, retries)
    this.scenarios.push(definition === undefined ? result : { ...result, requires: definition.requires, tags: definition.tags })
  }

  onTestModuleEnd(module: TestModule): void {
    for (const error of module.errors()) this.errors.push(toError(error, relative(this.root, module.moduleId)))
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const error of unhandledErrors) this.errors.push(toError(error))
  }
}

function toResult(record: ScenarioRecord, file: string, verdict: ScenarioResult["verdict"], retries: number): ScenarioResult {
  const checks: CheckRecordOut[] = record.checks.map((c) => {
    const entry = requirement(c.id)
    return { ...c, doc: entry?.doc ?? "?", section: entry?.section ?? "?", link: entry?.link ?? "" }
  })
  return {
    id: record.id,
    title: record.title,
    profile: record.profile,
    file,
    verdict,
    durationMs: record.durationMs,
    retries,
    requirements: record.requirements,
    ...(record.note === undefined ? {} : { note: record.note }),
    ...(record.error === undefined ? {} : { error: record.error }),
    checks,
    evidence: record.evidence,
    ...(record.requests.length === 0 ? {} : { requests: record.requests }),
  }
}

function toError(error: SerializedError, file?: string): { code: string; message: string; file?: string } {
  const message = error.message ?? String(error)
  return { code: "E_SCENARIO_LOAD", message, ...(file === undefined ? {} : { file }) }
}
