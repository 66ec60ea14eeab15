/**
 * The Signal client adapters the suite ships. Both libraries are copyleft (libsignal-client AGPL-3.0,
 * libsignal-protocol-typescript GPL-3.0) and optional dependencies: they are imported only inside a
 * party worker, so nothing loads them unless a Signal target or counterpart is selected.
 */
import type { SignalCapabilities } from "./types.ts"
import { WorkerSignalClient, type PartyImplementation } from "./worker-target.ts"

export type { PartyImplementation }

/** Declared capabilities of the library versions the adapters were written against. */
export const signalAdapters: Record<PartyImplementation, SignalCapabilities> = {
  "libsignal-client": {
    implementation: "@signalapp/libsignal-client",
    implementationVersion: "0.103.0",
    protocolVersions: [4],
    maxSkippedMessages: 25_000,
    keyInjection: false,
  },
  "libsignal-typescript": {
    implementation: "@privacyresearch/libsignal-protocol-typescript",
    implementationVersion: "0.0.16",
    protocolVersions: [3],
    maxSkippedMessages: 2_000,
    keyInjection: true,
  },
}

export function createSignalClient(impl: PartyImplementation): WorkerSignalClient {
  return new WorkerSignalClient(impl, signalAdapters[impl])
}
