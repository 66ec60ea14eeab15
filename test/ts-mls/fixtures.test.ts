import { describe, expect, test } from "vitest"
import { HarnessError } from "../../harness/engine/errors.ts"
import type { RunContext } from "../../harness/engine/run-context.ts"
import { validateTargetConfig } from "../../harness/config/load.ts"
import { mlsClient } from "../../suites/fixtures.ts"
import tsMlsTarget from "../../targets/ts-mls/target.json" with { type: "json" }

function run(config: Record<string, unknown>): RunContext {
  return {
    runId: "test",
    profiles: ["rfc9420"],
    capabilities: [],
    target: { name: "t", kind: "mls-client", config },
    vectorsDir: "vectors",
    scenarioTimeoutMs: 1000,
    now: "2026-01-01T00:00:00Z",
  }
}

describe("the MLS client fixture", () => {
  test("builds the ts-mls adapter once per worker", async () => {
    const a = await mlsClient(run({ adapter: "ts-mls" }))
    const b = await mlsClient(run({ adapter: "ts-mls" }))
    expect(a.implementation).toBe("ts-mls")
    expect(b).toBe(a)
  })

  const withoutMls: Array<[Record<string, unknown>]> = [[{ adapter: "libsignal-client" }], [{}]]
  test.each(withoutMls)("a config without an MLS adapter is a config error: %j", (config) => {
    let error: unknown
    try {
      void mlsClient(run(config))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(HarnessError)
    expect((error as HarnessError).code).toBe("E_CONFIG_INVALID")
    expect((error as HarnessError).where).toBe("/adapter")
  })

  test("the shipped ts-mls target config is valid and declares what the vector suites require", () => {
    const config = validateTargetConfig(tsMlsTarget, "targets/ts-mls/target.json")
    expect(config.adapter).toBe("ts-mls")
    expect(config.capabilities.cipherSuites).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(config.capabilities.features).toContain("mls.passive-client")
  })
})
