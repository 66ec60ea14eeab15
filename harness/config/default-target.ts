import type { TargetConfig } from "./load.ts"

/**
 * What `conformance run` tests when no --target is given: the suite's built-in counterparts, so a
 * fresh clone has something real to run against.
 */
export const builtInTarget: TargetConfig = {
  name: "built-in ts-mls",
  kind: "mls-client",
  adapter: "ts-mls",
  version: "ts-mls 1.6.4",
  profiles: ["rfc9420"],
  capabilities: { cipherSuites: [1, 2, 3, 4, 5, 6, 7], features: ["mls.passive-client"] },
}
