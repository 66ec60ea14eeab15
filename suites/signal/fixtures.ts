/**
 * The Signal target under test and the suite's counterparts. Each is a party in its own worker
 * thread, created once per test worker; the copyleft libraries load only inside those threads.
 */
import { HarnessError } from "../../harness/engine/errors.ts"
import type { RunContext } from "../../harness/engine/run-context.ts"
import { createSignalClient, signalAdapters, type PartyImplementation } from "../../targets/signal/adapters.ts"
import type { SignalClient } from "../../targets/signal/types.ts"

export const counterparts = Object.keys(signalAdapters) as PartyImplementation[]

const clients = new Map<string, SignalClient>()

function cached(key: string, impl: PartyImplementation): SignalClient {
  let client = clients.get(key)
  if (client === undefined) {
    client = createSignalClient(impl)
    clients.set(key, client)
  }
  return client
}

/** The library under test, from `run.target.config.adapter`. */
export function signalTarget(run: RunContext): SignalClient {
  const adapter = run.target.config["adapter"]
  if (typeof adapter !== "string" || !(adapter in signalAdapters)) {
    const known = counterparts.join(", ")
    const message = `target ${run.target.name} names no Signal adapter (known: ${known})`
    throw new HarnessError("E_CONFIG_INVALID", message, "/adapter")
  }
  return cached("target", adapter as PartyImplementation)
}

export function signalCounterpart(impl: PartyImplementation): SignalClient {
  return cached(`peer:${impl}`, impl)
}

export async function closeSignalClients(): Promise<void> {
  const all = [...clients.values()]
  clients.clear()
  await Promise.all(all.map((c) => c.close()))
}
