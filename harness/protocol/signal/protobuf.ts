/** A minimal protobuf reader and writer for Signal's wire messages (varint and bytes fields only). */
import { concat, type Decoded } from "./bytes.ts"

export interface ProtoField {
  number: number
  offset: number
  value: bigint | Uint8Array
}

/** Reads every field; `base` is the offset of `bytes` within the enclosing message, for error positions. */
export function readProto(bytes: Uint8Array, struct: string, base = 0): Decoded<ProtoField[]> {
  const fields: ProtoField[] = []
  let at = 0
  const fail = (field: string, expected: string, got: string): Decoded<ProtoField[]> => ({
    ok: false,
    error: { rule: "signal.wire.well-formed", struct, field, offset: base + at, expected, got },
  })
  const varint = (): bigint | undefined => {
    let result = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = bytes[at]
      if (b === undefined) return undefined
      at++
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
    }
    return undefined
  }
  while (at < bytes.length) {
    const start = at
    const key = varint()
    if (key === undefined) return fail("key", "a varint field key", "truncated varint")
    const number = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (wireType === 0) {
      const value = varint()
      if (value === undefined) return fail(`#${number}`, "a varint", "truncated varint")
      fields.push({ number, offset: base + start, value })
    } else if (wireType === 2) {
      const length = varint()
      if (length === undefined || at + Number(length) > bytes.length) {
        return fail(`#${number}`, `${String(length)} bytes`, `${bytes.length - at} bytes left`)
      }
      fields.push({ number, offset: base + start, value: bytes.slice(at, at + Number(length)) })
      at += Number(length)
    } else {
      return fail(`#${number}`, "wire type 0 (varint) or 2 (bytes)", `wire type ${wireType}`)
    }
  }
  return { ok: true, value: fields }
}

function varintBytes(value: number | bigint): Uint8Array {
  const out: number[] = []
  let v = BigInt(value)
  do {
    const b = Number(v & 0x7fn)
    v >>= 7n
    out.push(v > 0n ? b | 0x80 : b)
  } while (v > 0n)
  return Uint8Array.from(out)
}

/** Writes fields in the order given: [number, varint | bytes]. */
export function writeProto(fields: [number, number | bigint | Uint8Array][]): Uint8Array {
  return concat(...fields.map(([n, v]) => v instanceof Uint8Array
    ? concat(varintBytes((n << 3) | 2), varintBytes(v.length), v)
    : concat(varintBytes(n << 3), varintBytes(v))))
}
