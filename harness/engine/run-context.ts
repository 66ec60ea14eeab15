/**
 * What the CLI hands to every scenario worker (vitest `provide`/`inject`): the validated target
 * config and the run's settings. JSON only, since it crosses into worker processes.
 */
export interface RunContext {
  runId: string
  /** Profiles selected for this run. */
  profiles: string[]
  /** Capabilities the target declared (already expanded, e.g. "mls.cipher-suite.1"). */
  capabilities: string[]
  /** The validated target config as loaded (see harness/config). */
  target: TargetDescriptor
  vectorsDir: string
  /** Default per-scenario timeout; a scenario may ask for more. */
  scenarioTimeoutMs: number
  /** The pinned clock of the run (ISO 8601): scenarios use it instead of the wall clock. */
  now: string
}

export interface TargetDescriptor {
  name: string
  kind: string
  version?: string
  /** The config object as validated: the adapter for `kind` reads its own fields from here. */
  config: Record<string, unknown>
}

declare module "vitest" {
  interface ProvidedContext {
    conformance: RunContext
  }
}
