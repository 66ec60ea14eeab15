/**
 * Harness errors: trouble in the suite, its configuration or its transport, never a verdict on the
 * target. Each has a stable code that reports and exit-code logic key on (not the message).
 */
export type HarnessErrorCode =
  | "E_CONFIG_MISSING"
  | "E_CONFIG_INVALID"
  | "E_CONFIG_PROFILE"
  | "E_USAGE"
  | "E_VECTOR_MANIFEST"
  | "E_VECTOR_UNKNOWN"
  | "E_VECTOR_MISSING"
  | "E_VECTOR_CHECKSUM"
  | "E_TARGET_UNREACHABLE"
  | "E_TARGET_TIMEOUT"
  | "E_TARGET_PROTOCOL"
  | "E_SCENARIO_LOAD"
  | "E_INTERNAL"

export class HarnessError extends Error {
  override readonly name = "HarnessError"
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
    /** JSON pointer or field path the error is about, when there is one. */
    readonly where?: string,
  ) {
    super(message)
  }
}
