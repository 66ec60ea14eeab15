import type { ContentRule } from "./rules.ts"

/** Stable codes for malformed MIMI content; reports key on these, not on the text. */
export type ContentErrorCode =
  | "E_TRUNCATED"
  | "E_TRAILING_BYTES"
  | "E_RESERVED_AI"
  | "E_INVALID_SIMPLE"
  | "E_INDEFINITE_LENGTH"
  | "E_NON_SHORTEST"
  | "E_FLOAT_NOT_SHORTEST"
  | "E_BIGNUM_NOT_REDUCED"
  | "E_NAN_NOT_CANONICAL"
  | "E_INVALID_UTF8"
  | "E_MAP_KEY_ORDER"
  | "E_DUPLICATE_KEY"
  | "E_TOO_DEEP"
  | "E_WRONG_TYPE"
  | "E_WRONG_ARITY"
  | "E_OUT_OF_RANGE"
  | "E_WRONG_SIZE"
  | "E_KEY_TYPE"
  | "E_UNKNOWN_HASH_ALG"
  | "E_TOO_MANY_PARTS"
  | "E_TOO_LONG"
  | "E_INTERNAL"

export interface ContentDecodeError {
  readonly code: ContentErrorCode
  /** The requirement the input breaks. */
  readonly rule: ContentRule
  /** Field names from the top down, e.g. "mimiContent.nestedPart.parts[1].contentType". */
  readonly path: string
  /** Byte offset of the offending item in the decoded buffer, when known. */
  readonly offset?: number
  readonly expected: string
  readonly got: string
}

export type Result<T, E = ContentDecodeError> = { ok: true; value: T } | { ok: false; error: E }

/** Carries an error out of a nested read; caught at the public boundary only. */
export class ContentFailure extends Error {
  constructor(readonly error: ContentDecodeError) {
    super(formatContentError(error))
  }
}

export function fail(error: ContentDecodeError): never {
  throw new ContentFailure(error)
}

export function formatContentError(e: ContentDecodeError): string {
  const at = e.offset === undefined ? "" : ` (offset ${e.offset})`
  return `${e.code} [${e.rule}] at ${e.path}${at}: expected ${e.expected}, got ${e.got}`
}
