/**
 * Starts a reference pair for the self-tests and runs the mimi-protocol suites against its hub with
 * the engine's runner. The suite acts as the third provider `driver.test` (the domain the reference
 * lets drive it), so its peer endpoint is routed on the pair.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { RunContext } from "../../harness/engine/run-context.ts"
import { DRIVER_DOMAIN, HUB_DOMAIN, startReferencePair, type ReferencePair } from "../../targets/reference/index.ts"

import { root } from "./run.ts"

export interface StartedPair {
  pair: ReferencePair
  context: RunContext
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.once("error", rej)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => res(port))
    })
  })
}

export async function startPair(faults: string[] = []): Promise<StartedPair> {
  const dir = mkdtempSync(join(tmpdir(), "mimi-scenarios-"))
  const pair = await startReferencePair({ dataDir: dir, faults })
  const suite = await pair.clientCredentialsFor(DRIVER_DOMAIN)
  const files = { ca: join(dir, "suite-ca.pem"), cert: join(dir, "suite.pem"), key: join(dir, "suite.key") }
  writeFileSync(files.ca, pair.ca.cert)
  writeFileSync(files.cert, suite.cert)
  writeFileSync(files.key, suite.key)
  const peerPort = await freePort()
  pair.routes.set(DRIVER_DOMAIN, peerPort)
  const context: RunContext = {
    runId: `self-${faults.join("+") || "clean"}`,
    profiles: ["mimi-protocol"],
    capabilities: ["mimi.role.hub", "mimi.role.follower", "mls.cipher-suite.1"],
    target: {
      name: `reference hub${faults.length > 0 ? ` (${faults.join(", ")})` : ""}`,
      kind: "mimi-provider",
      config: {
        provider: {
          domain: HUB_DOMAIN,
          directoryUrl: `${pair.hub.origin}/.well-known/mimi-protocol-directory`,
          driverUrl: `${pair.hub.origin}/driver/v1`,
          tls: files,
          peer: { port: peerPort },
        },
        timeouts: { requestMs: 5000 },
      },
    },
    vectorsDir: join(root, "vectors"),
    scenarioTimeoutMs: 30_000,
    now: new Date().toISOString(),
  }
  return {
    pair, context,
    stop: async () => {
      await pair.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
