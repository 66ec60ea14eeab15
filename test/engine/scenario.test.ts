import { resolve } from "node:path"
import { PassThrough } from "node:stream"
import { beforeAll, describe, expect, test } from "vitest"
import { runScenarios } from "../../harness/engine/runner.ts"
import { buildReport } from "../../reports/build.ts"
import { ScenarioCollector } from "../../reports/collect.ts"
import type { ScenarioResult } from "../../reports/model.ts"

const root = resolve(import.meta.dirname, "../..")
const byId = new Map<string, ScenarioResult>()
let collector: ScenarioCollector

beforeAll(async () => {
  collector = new ScenarioCollector(root)
  await runScenarios({
    root,
    include: ["test/fixtures/engine/*.suite.ts"],
    context: {
      runId: "engine-test",
      profiles: ["rfc9420"],
      capabilities: ["mls.cipher-suite.1"],
      target: { name: "fixture", kind: "mls-client", config: {} },
      vectorsDir: resolve(root, "vectors"),
      scenarioTimeoutMs: 5000,
      now: "2026-01-01T00:00:00.000Z",
    },
    reporters: [collector],
    retries: 1,
    log: new PassThrough(),
  })
  for (const s of collector.scenarios) byId.set(s.id, s)
}, 120_000)

describe("scenario verdicts", () => {
  test.each([
    ["fx.pass", "pass"],
    ["fx.fail", "fail"],
    ["fx.fatal", "fail"],
    ["fx.unsupported", "unsupported"],
    ["fx.na", "n/a"],
    ["fx.timeout", "timeout"],
    ["fx.error", "error"],
    ["fx.empty", "error"],
    ["fx.flaky", "flaky"],
    ["fx.refused", "fail"],
  ])("%s ends as %s", (id, verdict) => {
    expect(byId.get(id)?.verdict).toBe(verdict)
  })

  test("a failed check keeps the requirement, expected, actual and hint", () => {
    const check = byId.get("fx.fail")?.checks[0]
    expect(check).toMatchObject({
      id: "mls.epoch.authenticator-agrees",
      level: "MUST",
      verdict: "fail",
      expected: "expected",
      actual: "actual",
      hint: "seeded",
      section: "8.7",
    })
  })

  test("a fatal check stops the scenario", () => {
    expect(byId.get("fx.fatal")?.checks).toHaveLength(1)
  })

  test("unsupported names the missing capability", () => {
    expect(byId.get("fx.unsupported")?.note).toContain("mls.cipher-suite.999")
  })

  test("transport trouble keeps its error code", () => {
    expect(byId.get("fx.error")?.error?.code).toBe("E_TARGET_UNREACHABLE")
    expect(byId.get("fx.timeout")?.error?.code).toBe("E_TARGET_TIMEOUT")
  })

  test("a refusal by the target is a failed check with the target's reason", () => {
    expect(byId.get("fx.refused")?.checks[0]?.actual).toContain("no such group")
  })

  test("a suite file that fails to import is a harness error naming the file", () => {
    expect(collector.errors).toHaveLength(1)
    expect(collector.errors[0]).toMatchObject({ code: "E_SCENARIO_LOAD", file: "test/fixtures/engine/broken.suite.ts" })
  })

  test("the run's exit code is 2 when errors and timeouts exist", () => {
    const report = buildReport({
      suite: { name: "s", version: "0", commit: "c" },
      run: { id: "r", startedAt: "", finishedAt: "", durationMs: 0, clock: "", retries: 1 },
      target: { name: "t", kind: "mls-client", configHash: "h" },
      profiles: ["rfc9420"],
      capabilities: [],
      scenarios: collector.scenarios,
      errors: collector.errors,
    })
    expect(report.exit.code).toBe(2)
    expect(report.summary.fail).toBe(3)
  })
})
