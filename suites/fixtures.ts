/**
 * Fixtures: the only way suites reach a target. Each worker builds the adapter named by the
 * target config once and reuses it for every scenario it runs.
 */
import { HarnessError } from "../harness/engine/errors.ts"
import type { RunContext } from "../harness/engine/run-context.ts"
import type { MlsClient } from "../targets/types.ts"

// Loaded on demand, so a worker only imports the library its target uses.
const mlsAdapters: Record<string, () => Promise<MlsClient>> = {
  "ts-mls": async () => (await import("../targets/ts-mls/client.ts")).createTsMlsClient(),
}

const mlsClients = new Map<string, Promise<MlsClient>>()

/** The MLS client library under test, from `run.target.config.adapter`. */
export function mlsClient(run: RunContext): Promise<MlsClient> {
  const adapter = run.target.config["adapter"]
  const create = typeof adapter === "string" ? mlsAdapters[adapter] : undefined
  if (create === undefined) {
    const known = Object.keys(mlsAdapters).join(", ")
    const message = `target ${run.target.name} names no MLS client adapter (known: ${known})`
    throw new HarnessError("E_CONFIG_INVALID", message, "/adapter")
  }
  const key = adapter as string
  let client = mlsClients.get(key)
  if (client === undefined) {
    client = create()
    mlsClients.set(key, client)
  }
  return client
}
