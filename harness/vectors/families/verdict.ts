/**
 * The shared shape of every family verifier: a case passes, or names the first field whose
 * expected and actual values differ (both printable: hex, numbers, JSON).
 */
import type { Codec } from "../../protocol/mls/codec/index.ts"
import { decode } from "../../protocol/mls/codec/index.ts"
import { hex } from "../../protocol/mls/crypto/bytes.ts"
import type { CipherSuite } from "../../protocol/mls/crypto/ciphersuite.ts"
import { cipherSuite } from "../../protocol/mls/crypto/suites.ts"

export type Verdict = { ok: true } | { ok: false; field: string; expected: string; actual: string }

export interface FamilyVerifier {
  /** The upstream file name without .json, e.g. "tree-math". */
  readonly family: string
  verifyCase(raw: unknown): Verdict
}

/** Thrown inside a verifier to stop at the first difference; verdictOf turns it into a Verdict. */
class Mismatch extends Error {
  constructor(readonly field: string, readonly expected: string, readonly actual: string) {
    super(`${field}: expected ${expected}, got ${actual}`)
  }
}

export const mismatch = (field: string, expected: string, actual: string): never => {
  throw new Mismatch(field, expected, actual)
}

const printable = (v: unknown): string =>
  v instanceof Uint8Array ? hex(v) : typeof v === "string" ? v : JSON.stringify(v, (_k, x) =>
    typeof x === "bigint" ? x.toString() : x) ?? "undefined"

/** Fails unless `actual` prints as `expected` (bytes print as hex). */
export function same(field: string, expected: unknown, actual: unknown): void {
  const [e, a] = [printable(expected), printable(actual)]
  if (e !== a) mismatch(field, e, a)
}

/** Unwraps an oracle outcome, or fails naming the field and the rule that refused it. */
export function value<T>(field: string, o: { ok: true; value: T } | { ok: false; rule: string; detail: string }): T {
  if (!o.ok) return mismatch(field, "accepted", `${o.rule}: ${o.detail}`)
  return o.value
}

/** Decodes with a strict codec, or fails naming the field and the decode error. */
export function decoded<T>(field: string, codec: Codec<T>, bytes: Uint8Array): T {
  const r = decode(codec, bytes)
  if (!r.ok) return mismatch(field, "decodes", `${r.error.code} at ${r.error.fieldPath} offset ${r.error.offset}`)
  return r.value
}

export function verdictOf(body: () => void): Verdict {
  try {
    body()
    return { ok: true }
  } catch (e) {
    if (e instanceof Mismatch) return { ok: false, field: e.field, expected: e.expected, actual: e.actual }
    const actual = e instanceof Error ? e.message : String(e)
    return { ok: false, field: "(oracle)", expected: "no exception", actual }
  }
}

/** Typed access to one JSON case; a missing or mistyped field fails naming its path. */
export class Fields {
  constructor(private readonly obj: unknown, readonly path = "") {}

  private at(key: string | number): unknown {
    const o = this.obj as Record<string | number, unknown> | null
    return typeof o === "object" && o !== null ? o[key] : undefined
  }

  name(key: string | number): string {
    return typeof key === "number" ? `${this.path}[${key}]` : this.path === "" ? key : `${this.path}.${key}`
  }

  bytes(key: string | number): Uint8Array {
    const v = this.at(key)
    if (typeof v !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) mismatch(this.name(key), "hex string", printable(v))
    return Uint8Array.from(Buffer.from(v as string, "hex"))
  }

  text(key: string | number): string {
    const v = this.at(key)
    if (typeof v !== "string") mismatch(this.name(key), "string", printable(v))
    return v as string
  }

  num(key: string | number): number {
    const v = this.at(key)
    if (typeof v !== "number" || !Number.isSafeInteger(v)) mismatch(this.name(key), "integer", printable(v))
    return v as number
  }

  raw(key: string | number): unknown {
    return this.at(key)
  }

  sub(key: string | number): Fields {
    const v = this.at(key)
    if (typeof v !== "object" || v === null) mismatch(this.name(key), "object", printable(v))
    return new Fields(v, this.name(key))
  }

  /** The array at `key`, itself readable by index. */
  array(key: string | number): { at: Fields; length: number } {
    const v = this.at(key)
    if (!Array.isArray(v)) return mismatch(this.name(key), "array", printable(v))
    return { at: new Fields(v, this.name(key)), length: v.length }
  }

  /** The elements of the array at `key`, each as Fields. */
  list(key: string | number): Fields[] {
    const { at, length } = this.array(key)
    return Array.from({ length }, (_, i) => at.sub(i))
  }

  /** The case's cipher suite, which must be one the oracle implements. */
  suite(key = "cipher_suite"): CipherSuite {
    const id = this.num(key)
    return cipherSuite(id) ?? mismatch(this.name(key), "a cipher suite 1-7", String(id))
  }
}
