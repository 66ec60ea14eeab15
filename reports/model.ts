import type { CheckRecord, EvidenceEntry, RequestSample } from "../harness/engine/record.ts"
import type { Verdict } from "../harness/engine/verdict.ts"
import type { Level } from "../harness/requirements/define.ts"

export type { RequestSample }

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
  target: {
    name: string
    kind: string
    version?: string
    configHash: string
    /** The interface the target publishes (e.g. a MIMI provider's discovery document), when fetched. */
    directory?: TargetDirectory
    /** Seeded faults switched on in the built-in reference provider for this run. */
    faults?: string[]
  }
  profiles: string[]
  /** Capabilities the target declared. */
  capabilities: string[]
  /** What the run saw the target do, next to what it declared. */
  observed?: { capabilities: string[]; versions?: string[] }
  scenarios: ScenarioResult[]
  /** Harness trouble outside any scenario (a suite file that failed to load, an unhandled error). */
  errors: Array<{ code: string; message: string; file?: string }>
  summary: Record<Verdict, number>
  exit: { code: 0 | 1 | 2; reason: string }
  /** Every entry of the expectations file the run used, with what became of it. */
  expectations?: ExpectationUse[]
  /** Spec coverage and declared-versus-observed capabilities (reports/transparency.ts). */
  transparency?: Transparency
  /** Set in audit mode: what the verdicts rest on. */
  audit?: AuditInfo
  /** Values removed from checks and evidence before writing (private keys, secrets); on by default. */
  redactions?: Redaction[]
}

export interface TargetDirectory {
  url?: string
  /** Protocol or API versions the target advertises. */
  versions?: string[]
  /** Endpoint name → URL, as published. */
  endpoints?: Record<string, string>
  /** The published document as fetched (printable). */
  document?: string
}

export interface ExpectationUse {
  requirement: string
  scenario?: string
  variant?: string
  reason: string
  /** Last day (UTC, YYYY-MM-DD) on which the entry is valid. */
  expires: string
  /**
   * `expected-failure`: it covered a failing check; `stale`: the requirement held (exit 1);
   * `expired`: past its date (exit 2); `unmatched`: no scenario of the run exercised it.
   */
  outcome: "expected-failure" | "stale" | "expired" | "unmatched"
  /** Scenarios whose checks the entry matched. */
  scenarios: string[]
}

export interface Transparency {
  coverage: CoverageProfile[]
  requirements: RequirementStatus[]
  capabilities: {
    declared: string[]
    observed: string[]
    /** Declared, but a scenario that needs it failed. */
    declaredButFailing: Array<{ capability: string; scenarios: string[] }>
    /** Declared, but not seen in the target's behaviour or directory (only when observations exist). */
    declaredButUnobserved: string[]
    /** Seen working without being declared. */
    undeclaredButWorking: string[]
  }
}

export interface CoverageProfile {
  profile: string
  sections: CoverageSection[]
}

export interface CoverageSection {
  doc: string
  section: string
  levels: Array<{ level: Level; total: number; exercised: number; verdicts: Partial<Record<Verdict, number>> }>
  untested: string[]
}

export interface RequirementStatus {
  id: string
  profile: string
  doc: string
  section: string
  level: Level
  link: string
  text: string
  /** Worst verdict over the requirement's checks, the scenario's verdict if none ran, or `untested`. */
  verdict: Verdict | "untested"
  scenarios: string[]
}

export interface AuditInfo {
  /** sha256 of the target config as read. */
  configHash: string
  vectors: { manifestSha256: string; files: Record<string, string> }
}

/** One value removed from the evidence; the value itself is never recorded. */
export interface Redaction {
  scenario: string
  /** Where: "evidence[2]" or "checks[0].actual". */
  field: string
  kind: "private-key-pem" | "secret-field" | "known-secret" | "authorization"
  length: number
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
  /** Capabilities the scenario needs (from its definition). */
  requires?: string[]
  tags?: string[]
  /** Timed requests to the target, for latency percentiles and error rates. */
  requests?: RequestSample[]
}

export interface CheckRecordOut extends CheckRecord {
  /** Spec document and section, copied from the registry so reports stand alone. */
  doc: string
  section: string
  link: string
  /** Set when an expectations-file entry covers this failing check; the verdict is unchanged. */
  knownDeviation?: { reason: string; expires: string }
}
