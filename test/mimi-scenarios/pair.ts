/**
 * Starts a reference pair for the self-tests and runs the mimi-protocol suites against its hub with
 * the engine's runner. The suite acts as the third provider `driver.test` (the domain the reference
 * lets drive it), so its peer endpoint is routed on the pair.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { RunContext } from "../../harness/engine/run-context.ts"
import type { ReferencePair } from "../../targets/reference/index.ts"
import { startSuiteSession } from "../../targets/reference/suite-session.ts"

import { root } from "./run.ts"

export interface StartedPair {
  pair: ReferencePair
  context: RunContext
  stop(): Promise<void>
}

export async function startPair(faults: string[] = []): Promise<StartedPair> {
  const dir = mkdtempSync(join(tmpdir(), "mimi-scenarios-"))
  const session = await startSuiteSession({ dataDir: dir, faults })
  const context: RunContext = {
    runId: `self-${faults.join("+") || "clean"}`,
    profiles: ["mimi-protocol"],
    capabilities: ["mimi.role.hub", "mimi.role.follower", "mls.cipher-suite.1"],
    target: {
      name: `reference hub${faults.length > 0 ? ` (${faults.join(", ")})` : ""}`,
      kind: "mimi-provider",
      config: { provider: session.provider, timeouts: { requestMs: 5000 } },
    },
    vectorsDir: join(root, "vectors"),
    scenarioTimeoutMs: 30_000,
    now: new Date().toISOString(),
  }
  return {
    pair: session.pair,
    context,
    stop: async () => {
      await session.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
