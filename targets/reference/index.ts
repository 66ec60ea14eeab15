/** The reference MIMI provider: the suite's built-in default target. */
export { startReferencePair, HUB_DOMAIN, FOLLOWER_DOMAIN, DRIVER_DOMAIN } from "./pair.ts"
export type { ReferencePair, ReferencePairOptions } from "./pair.ts"
export { startProvider, DEFAULT_MAX_BODY } from "./provider.ts"
export type { ProviderHandle, ProviderOptions } from "./provider.ts"
export { faultCatalogue, isFaultId } from "./faults.ts"
export type { Fault, FaultId } from "./faults.ts"
export { directory } from "./endpoints.ts"
