/** Typed decode errors: malformed bytes are a finding with a stable code, never a crash. */

export type DecodeErrorCode =
  | "E_TRUNCATED"
  | "E_LENGTH_PAST_END"
  | "E_TRAILING_BYTES"
  | "E_VARINT_NON_MINIMAL"
  | "E_VARINT_RESERVED"
  | "E_PRESENCE_BYTE"
  | "E_ENUM_UNKNOWN"
  | "E_EMPTY_ELEMENT"
  | "E_PADDING_NONZERO"
  | "E_VALUE_INVALID"
  | "E_INTERNAL"

export interface DecodeError {
  readonly code: DecodeErrorCode
  /** The top-level struct being decoded, e.g. "MLSMessage". */
  readonly struct: string
  /** RFC field names from the top-level struct down, e.g. "PublicMessage.content.commit.proposals[2]". */
  readonly fieldPath: string
  /** Byte offset in the decoded buffer where the offending item starts. */
  readonly offset: number
  readonly expected: string
  readonly got: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DecodeError }

/** Carries a DecodeError out of a nested read; caught at the public boundary only. */
export class DecodeFailure extends Error {
  constructor(readonly error: DecodeError) {
    super(`${error.code} at ${error.fieldPath} (offset ${error.offset}): expected ${error.expected}, got ${error.got}`)
  }
}

/** Raised by encoders when a value cannot be represented (programming error, not a finding). */
export class EncodeError extends RangeError {
  constructor(readonly field: string, detail: string) {
    super(`cannot encode ${field}: ${detail}`)
  }
}

export function formatDecodeError(e: DecodeError): string {
  return `${e.code} at ${e.fieldPath} (offset ${e.offset}): expected ${e.expected}, got ${e.got}`
}
