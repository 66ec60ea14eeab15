import { PassThrough } from "node:stream"
import { builtInTarget } from "../harness/config/default-target.ts"
import { expandCapabilities } from "../harness/config/load.ts"
import { runScenarios, suiteGlobs } from "../harness/engine/runner.ts"
import { suiteRoot } from "../harness/cli/suite-info.ts"
import { defaultVectorsDir } from "../harness/vectors/load.ts"
import { ScenarioCollector } from "../reports/collect.ts"
import type { Bench } from "./registry.ts"

/** How long the rfc9420 vector scenarios take against the built-in ts-mls target, per family. */
export const vectorSuiteBench: Bench = {
  name: "vector-suite",
  description: "wall time of the rfc9420 vector scenarios against the built-in ts-mls adapter",
  async run() {
    const collector = new ScenarioCollector(suiteRoot)
    const started = performance.now()
    await runScenarios({
      root: suiteRoot,
      include: suiteGlobs(["rfc9420"]),
      context: {
        runId: "bench",
        profiles: ["rfc9420"],
        capabilities: expandCapabilities(builtInTarget),
        target: { name: builtInTarget.name, kind: builtInTarget.kind, config: { ...builtInTarget } },
        vectorsDir: defaultVectorsDir,
        scenarioTimeoutMs: 600_000,
        now: new Date(0).toISOString(),
      },
      reporters: [collector],
      retries: 0,
      log: new PassThrough(),
    })
    const wallMs = performance.now() - started
    const families = new Map<string, { scenarios: number; ms: number; pass: number }>()
    for (const s of collector.scenarios) {
      const family = s.id.replace(/\[.*$/, "")
      const f = families.get(family) ?? { scenarios: 0, ms: 0, pass: 0 }
      f.scenarios += 1
      f.ms += s.durationMs
      if (s.verdict === "pass") f.pass += 1
      families.set(family, f)
    }
    const rows = [...families.entries()].map(([name, f]) => `| ${name} | ${f.scenarios} | ${f.pass} | ${(f.ms / 1000).toFixed(2)} |`)
    const table = [
      `wall time (2 workers, including vitest start): ${(wallMs / 1000).toFixed(2)} s`,
      "",
      "| family | scenarios | pass | scenario time (s, summed) |",
      "|---|---:|---:|---:|",
      ...rows,
    ].join("\n")
    return { table, data: { wallMs: Math.round(wallMs), families: Object.fromEntries(families) } }
  },
}
