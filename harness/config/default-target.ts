import { signalAdapters } from "../../targets/signal/adapters.ts"
import type { TargetConfig } from "./load.ts"

/**
 * What `conformance run` tests when no --target is given: the suite's built-in counterparts, so a
 * fresh clone has something real to run against — ts-mls for the rfc9420 vectors, the reference
 * MIMI provider pair for the MIMI profiles (started by the CLI), and each Signal library paired
 * with every other. Each Signal library's capabilities are declared under its own name, so a
 * pairing without a common protocol version is `unsupported`.
 */
export const builtInTarget: TargetConfig = {
  name: "built-in reference counterparts",
  kind: "reference",
  adapter: "ts-mls",
  profiles: ["rfc9420", "mimi-protocol", "mimi-content", "signal"],
  capabilities: {
    cipherSuites: [1, 2, 3, 4, 5, 6, 7],
    roles: ["hub", "follower"],
    features: ["mls.passive-client", ...signalFeatures()],
  },
}

function signalFeatures(): string[] {
  return Object.entries(signalAdapters).flatMap(([impl, declared]) => [
    ...declared.protocolVersions.map((v) => `signal.${impl}.version.${v}`),
    ...(declared.keyInjection ? [`signal.${impl}.key-injection`] : []),
  ])
}
