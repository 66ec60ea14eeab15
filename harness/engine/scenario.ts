import { setTimeout as sleep } from "node:timers/promises"
import { inject, test } from "vitest"
import type { RequirementId } from "../requirements/index.ts"
import { FatalCheck, Recorder, type CheckFn } from "./check.ts"
import { HarnessError } from "./errors.ts"
import { eventually, type EventuallyOptions } from "./eventually.ts"
import type { Finding } from "./finding.ts"
import type { RequestSample, ScenarioDefinition, ScenarioRecord } from "./record.ts"
import type { RunContext } from "./run-context.ts"
import { failing, worst, type Verdict } from "./verdict.ts"

export interface ScenarioOptions {
  /** Stable ID, e.g. "mls.passive.welcome[cs=1 #0]". Reports, expectations and diffs key on it. */
  id: string
  profile: "rfc9420" | "mimi-protocol" | "mimi-content" | "signal"
  /** The requirements this scenario claims to exercise (for coverage and `explain`). */
  requirements: RequirementId[]
  /** Capabilities the target must declare; otherwise the scenario is `unsupported`. */
  requires?: string[]
  tags?: string[]
  timeoutMs?: number
}

export interface ScenarioContext {
  check: CheckFn
  eventually(id: RequirementId, probe: () => Promise<Finding>, options: EventuallyOptions): Promise<boolean>
  /** Adds an evidence entry (request/response, bytes, a note) to the scenario's transcript. */
  evidence(label: string, data: unknown, kind?: "http" | "bytes" | "note"): void
  run: RunContext
  /** Aborted when the scenario times out: pass it to every target call that can hang. */
  signal: AbortSignal
  /** Records one timed request to the target, for the reliability report. */
  request(sample: RequestSample): void
}

class ScenarioTimeout extends Error {}

/**
 * Declares a conformance scenario. It runs as a vitest test whose task meta carries the
 * scenario's record: every check with expected and actual, the evidence, and the verdict.
 *
 * ```ts
 * scenario("joiner reaches the group's epoch authenticator", {
 *   id: "mls.join.basic", profile: "rfc9420", requirements: ["mls.epoch.authenticator-agrees"],
 * }, async ({ check }) => { check("mls.epoch.authenticator-agrees", bytesEqual(ours, theirs)) })
 * ```
 */
export function scenario(title: string, options: ScenarioOptions, body: (ctx: ScenarioContext) => Promise<void>): void {
  const definition: ScenarioDefinition = {
    id: options.id,
    title,
    profile: options.profile,
    requirements: [...options.requirements],
    requires: options.requires ?? [],
    tags: options.tags ?? [],
  }
  // vitest's own timeout is only a backstop: ours fires first, so the verdict is `timeout` with evidence.
  const backstopMs = (options.timeoutMs ?? 600_000) + 10_000
  test(title, { meta: { scenario: definition }, timeout: backstopMs }, async ({ task, skip }) => {
    const run = inject("conformance")
    const recorder = new Recorder()
    const started = performance.now()
    const record: ScenarioRecord = {
      ...definition, verdict: "pass", checks: recorder.checks, evidence: recorder.evidence, durationMs: 0, requests: [],
    }
    task.meta.conformance = record

    const notSelected = !run.profiles.includes(options.profile)
    const missing = definition.requires.filter((c) => !run.capabilities.includes(c))
    if (notSelected || missing.length > 0) {
      record.verdict = notSelected ? "n/a" : "unsupported"
      record.note = notSelected
        ? `profile ${options.profile} is not selected`
        : `the target does not declare: ${missing.join(", ")}`
      skip(record.note)
      return
    }

    const controller = new AbortController()
    const timeoutMs = options.timeoutMs ?? run.scenarioTimeoutMs
    const check = recorder.checkFn()
    const ctx: ScenarioContext = {
      check,
      eventually: (id, probe, opts) => eventually(recorder, check, id, probe, opts, (ms) => sleep(ms)),
      evidence: (label, data, kind) => recorder.note(label, data, kind),
      run,
      signal: controller.signal,
      request: (sample) => record.requests.push(sample),
    }
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new ScenarioTimeout())
      }, timeoutMs)
    })
    let outcome: Verdict | undefined
    try {
      await Promise.race([body(ctx), timedOut])
    } catch (e) {
      outcome = classify(e, record, timeoutMs)
    } finally {
      clearTimeout(timer)
      record.durationMs = Math.round(performance.now() - started)
    }
    record.verdict = worst([...recorder.checks.map((c) => c.verdict), ...(outcome === undefined ? [] : [outcome])])
    if (recorder.checks.length === 0 && outcome === undefined) {
      record.verdict = "error"
      record.error = { code: "E_NO_CHECKS", message: "the scenario recorded no check" }
    }
    if (failing.has(record.verdict)) throw new Error(summarise(record))
  })
}

function classify(e: unknown, record: ScenarioRecord, timeoutMs: number): Verdict | undefined {
  if (e instanceof FatalCheck) return undefined
  if (e instanceof ScenarioTimeout) {
    record.error = { code: "E_TARGET_TIMEOUT", message: `the scenario did not finish within ${timeoutMs} ms` }
    return "timeout"
  }
  const code = e instanceof HarnessError ? e.code : "E_INTERNAL"
  record.error = { code, message: e instanceof Error ? e.message : String(e) }
  return code === "E_TARGET_TIMEOUT" ? "timeout" : "error"
}

function summarise(record: ScenarioRecord): string {
  if (record.error !== undefined) return `${record.verdict}: ${record.error.code} ${record.error.message}`
  const bad = record.checks.filter((c) => failing.has(c.verdict))
  return bad.map((c) => `${c.id} ${c.verdict}: expected ${c.expected ?? "?"}, got ${c.actual ?? "?"}`).join("\n")
}
