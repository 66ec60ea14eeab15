import { describe, expect, test } from "vitest"
import { buildReport } from "../../reports/build.ts"
import { mergeReports } from "../../reports/merge.ts"
import type { RunReport, ScenarioResult } from "../../reports/model.ts"

function scenario(id: string, verdict: ScenarioResult["verdict"]): ScenarioResult {
  return { id, title: id, profile: "rfc9420", file: "f", verdict, durationMs: 1, retries: 0, requirements: [], checks: [], evidence: [] }
}

function shard(n: string, scenarios: ScenarioResult[], commit = "abc"): RunReport {
  return buildReport({
    suite: { name: "s", version: "1", commit },
    run: { id: `run-${n}`, startedAt: `2026-01-01T00:00:0${n}.000Z`, finishedAt: `2026-01-01T00:00:1${n}.000Z`, durationMs: 10_000, clock: "c", retries: 0, shard: `${n}/2` },
    target: { name: "t", kind: "mls-client", configHash: "h" },
    profiles: ["rfc9420"],
    capabilities: [],
    scenarios,
    errors: [],
  })
}

describe("merging shard reports", () => {
  test("scenarios, counts and the exit code cover every shard", () => {
    const merged = mergeReports([shard("1", [scenario("a", "pass")]), shard("2", [scenario("b", "fail")])])
    expect(merged.scenarios.map((s) => s.id)).toEqual(["a", "b"])
    expect(merged.summary.pass).toBe(1)
    expect(merged.summary.fail).toBe(1)
    expect(merged.exit.code).toBe(1)
    expect(merged.run.shard).toBeUndefined()
    expect(merged.run.durationMs).toBe(11_000)
  })

  test("shards of different suite commits are refused", () => {
    expect(() => mergeReports([shard("1", [], "abc"), shard("2", [], "def")])).toThrow(/different suite commits/)
  })
})
