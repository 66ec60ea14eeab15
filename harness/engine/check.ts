import { requirement, type RequirementId } from "../requirements/index.ts"
import { HarnessError } from "./errors.ts"
import { printable, type Finding } from "./finding.ts"
import type { CheckRecord, EvidenceEntry } from "./record.ts"
import { verdictForViolation } from "./verdict.ts"

/** Thrown by `check.fatal` to stop a scenario after recording; the scenario runner catches it. */
export class FatalCheck extends Error {
  override readonly name = "FatalCheck"
}

/** The result of an adapter call: a value, or why the target did not give one. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; kind: "rejected" | "unsupported" | "transport" | "timeout"; detail: string }

export interface CheckOptions {
  hint?: string
}

export interface CheckFn {
  /** Records a check against a registered requirement; returns whether it held. */
  (id: RequirementId, finding: Finding, options?: CheckOptions): boolean
  /** Records, then stops the scenario if the check did not hold. */
  fatal(id: RequirementId, finding: Finding, options?: CheckOptions): void
  /**
   * Unwraps an adapter outcome that the requirement says must succeed: records a failed check with
   * the target's reason and stops the scenario if it did not. Transport trouble is an `error`.
   */
  ok<T>(id: RequirementId, outcome: Outcome<T>, options?: CheckOptions): T
}

/** Collects the checks and evidence of one scenario attempt. */
export class Recorder {
  readonly checks: CheckRecord[] = []
  readonly evidence: EvidenceEntry[] = []

  record(id: string, finding: Finding, options: CheckOptions = {}): boolean {
    const entry = requirement(id)
    if (entry === undefined) throw new HarnessError("E_INTERNAL", `check names an unregistered requirement: ${id}`)
    const hint = options.hint ?? (finding.ok ? undefined : finding.hint)
    const rec: CheckRecord = {
      id,
      level: entry.level,
      verdict: finding.ok ? "pass" : verdictForViolation(entry.level),
      ...(finding.ok ? {} : { expected: finding.expected }),
      ...(finding.actual === undefined ? {} : { actual: finding.actual }),
      ...(hint === undefined ? {} : { hint }),
    }
    this.checks.push(rec)
    return finding.ok
  }

  note(label: string, data: unknown, kind: EvidenceEntry["kind"] = "note"): void {
    this.evidence.push({ kind, label, data: printable(data) })
  }

  checkFn(): CheckFn {
    const fn = ((id: RequirementId, finding: Finding, options?: CheckOptions) =>
      this.record(id, finding, options)) as CheckFn
    fn.fatal = (id, finding, options) => {
      if (!this.record(id, finding, options)) throw new FatalCheck(`${id} did not hold`)
    }
    fn.ok = <T>(id: RequirementId, outcome: Outcome<T>, options?: CheckOptions): T => {
      if (outcome.ok) return outcome.value
      if (outcome.kind === "transport" || outcome.kind === "timeout") {
        throw new HarnessError(outcome.kind === "timeout" ? "E_TARGET_TIMEOUT" : "E_TARGET_UNREACHABLE", outcome.detail)
      }
      this.record(id, { ok: false, expected: "the target performs the operation", actual: `${outcome.kind}: ${outcome.detail}` }, options)
      throw new FatalCheck(`${id}: target ${outcome.kind}`)
    }
    return fn
  }
}
