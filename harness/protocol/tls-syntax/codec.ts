import { DecodeFailure, type Result } from "./errors.ts"
import { Reader } from "./reader.ts"
import { Writer } from "./writer.ts"

/** A struct's reader and writer; `name` heads the field path of decode errors. */
export interface Codec<T> {
  readonly name: string
  read(r: Reader): T
  write(w: Writer, v: T): void
}

export function codec<T>(name: string, read: (r: Reader) => T, write: (w: Writer, v: T) => void): Codec<T> {
  return { name, read, write }
}

/** Decodes one whole value: bytes left over after it are E_TRAILING_BYTES. Never throws. */
export function decode<T>(c: Codec<T>, bytes: Uint8Array): Result<T> {
  return decodeWith(c.name, bytes, (r) => c.read(r))
}

/** Runs a reader over all of `bytes` at the public boundary, turning every failure into a DecodeError. */
export function decodeWith<T>(struct: string, bytes: Uint8Array, read: (r: Reader) => T): Result<T> {
  const r = new Reader(bytes, struct)
  try {
    const value = read(r)
    if (r.pos !== r.end) r.fail("E_TRAILING_BYTES", "", "end of input", `${r.end - r.pos} more byte(s)`)
    return { ok: true, value }
  } catch (e) {
    if (e instanceof DecodeFailure) return { ok: false, error: e.error }
    const got = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    const expected = "a decodable value"
    const error = { code: "E_INTERNAL", struct, fieldPath: struct, offset: r.pos, expected, got } as const
    return { ok: false, error }
  }
}

export function encode<T>(c: Codec<T>, v: T): Uint8Array {
  const w = new Writer()
  c.write(w, v)
  return w.finish()
}
