/** Byte helpers shared by the Signal oracles. */

export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"))

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

/** A decode failure: which structure and field, where, and what was expected. */
export interface SignalDecodeError {
  rule: string
  struct: string
  field: string
  offset: number
  expected: string
  got: string
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: SignalDecodeError }
