import type { Level } from "../requirements/define.ts"
import type { Verdict } from "./verdict.ts"

/** One recorded check: the unit of evidence in every report. */
export interface CheckRecord {
  id: string
  level: Level
  verdict: Verdict
  expected?: string
  actual?: string
  hint?: string
}

export interface EvidenceEntry {
  kind: "http" | "bytes" | "note" | "attempts"
  label: string
  /** Printable content (decoded where the suite could decode it). */
  data: string
}

/** What a scenario leaves in its vitest task's meta; the collecting reporter reads it. */
export interface ScenarioRecord {
  id: string
  title: string
  profile: string
  requirements: string[]
  verdict: Verdict
  note?: string
  error?: { code: string; message: string }
  checks: CheckRecord[]
  evidence: EvidenceEntry[]
  /** Duration of the last attempt's body, without setup by the runner. */
  durationMs: number
  /** Timed requests to the target (for the reliability report), filled by HTTP adapters. */
  requests: RequestSample[]
}

/** One timed request or operation a scenario made to the target. */
export interface RequestSample {
  /** Endpoint or operation name, e.g. "POST /keyMaterial" or "driver sendMessage". */
  endpoint: string
  method: string
  /** HTTP status; 0 when no response came (transport error or timeout). */
  status: number
  ms: number
}

/** Static meta attached at definition time: visible to `vitest.collect()` without running. */
export interface ScenarioDefinition {
  id: string
  title: string
  profile: string
  requirements: string[]
  requires: string[]
  tags: string[]
}

declare module "@vitest/runner" {
  interface TaskMeta {
    scenario?: ScenarioDefinition
    conformance?: ScenarioRecord
  }
}
