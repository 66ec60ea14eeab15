/** Byte helpers shared by the Signal oracles. */

export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"))

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")

export { bytesEqual as equal, concat } from "../bytes.ts"

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
