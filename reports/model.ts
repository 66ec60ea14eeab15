import type { CheckRecord, EvidenceEntry } from "../harness/engine/record.ts"
import type { Verdict } from "../harness/engine/verdict.ts"

/**
 * The one report model every renderer reads. Versioned: a renderer or a consumer of report.json
 * checks `schemaVersion` (and reports/schema/report.schema.json describes it).
 */
export interface RunReport {
  schemaVersion: 1
  suite: { name: string; version: string; commit: string }
  run: {
    id: string
    startedAt: string
    finishedAt: string
    durationMs: number
    /** The clock scenarios saw (pinned), which may differ from startedAt. */
    clock: string
    retries: number
    shard?: string
  }
  target: { name: string; kind: string; version?: string; configHash: string }
  profiles: string[]
  capabilities: string[]
  scenarios: ScenarioResult[]
  /** Harness trouble outside any scenario (a suite file that failed to load, an unhandled error). */
  errors: Array<{ code: string; message: string; file?: string }>
  summary: Record<Verdict, number>
  exit: { code: 0 | 1 | 2; reason: string }
}

export interface ScenarioResult {
  id: string
  title: string
  profile: string
  file: string
  verdict: Verdict
  durationMs: number
  retries: number
  requirements: string[]
  note?: string
  error?: { code: string; message: string }
  checks: CheckRecordOut[]
  evidence: EvidenceEntry[]
}

export interface CheckRecordOut extends CheckRecord {
  /** Spec document and section, copied from the registry so reports stand alone. */
  doc: string
  section: string
  link: string
}
