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

export interface TargetUnderTest {
  impl: PartyImplementation
  /** The capability name this target must declare for `feature`, e.g. "version.3". */
  capability(feature: string): string
}

/**
 * The Signal libraries under test in this run: the one `run.target.config.adapter` names, or, in
 * the built-in reference run, every counterpart in turn (each paired with every counterpart, itself
 * included). The built-in run declares each library's capabilities under its own name.
 */
export function targetsUnderTest(run: RunContext): TargetUnderTest[] {
  if (run.target.kind === "reference") {
    return counterparts.map((impl) => ({ impl, capability: (feature) => `signal.${impl}.${feature}` }))
  }
  const adapter = run.target.config["adapter"]
  if (typeof adapter !== "string" || !(adapter in signalAdapters)) {
    const known = counterparts.join(", ")
    const message = `target ${run.target.name} names no Signal adapter (known: ${known})`
    throw new HarnessError("E_CONFIG_INVALID", message, "/adapter")
  }
  return [{ impl: adapter as PartyImplementation, capability: (feature) => `signal.${feature}` }]
}

/** The library under test (its own worker party, apart from the counterpart of the same library). */
export function signalTarget(impl: PartyImplementation): SignalClient {
  return cached(`target:${impl}`, impl)
}

export function signalCounterpart(impl: PartyImplementation): SignalClient {
  return cached(`peer:${impl}`, impl)
}

export async function closeSignalClients(): Promise<void> {
  const all = [...clients.values()]
  clients.clear()
  await Promise.all(all.map((c) => c.close()))
}
