import type { ContentErrorCode } from "./errors.ts"
import { fitsFloat16, readFloat16 } from "./float16.ts"

/**
 * A strict reader for deterministically encoded CBOR (RFC 8949 §4.2.1): it keeps every item's
 * offset and refuses, with a typed error, anything that is not well-formed or not deterministic.
 */
interface Span {
  readonly offset: number
  readonly end: number
}
export type CborNode = Span &
  (
    | { kind: "uint" | "nint"; value: bigint }
    | { kind: "bytes"; value: Uint8Array }
    | { kind: "text"; value: string }
    | { kind: "array"; items: CborNode[] }
    | { kind: "map"; entries: Array<[CborNode, CborNode]> }
    | { kind: "tag"; tag: bigint; content: CborNode }
    | { kind: "simple"; value: number }
    | { kind: "float"; value: number; width: 2 | 4 | 8 }
  )

export interface ReadError {
  readonly code: ContentErrorCode
  readonly offset: number
  /** Array indexes and map keys from the root down to the offending item. */
  readonly at: ReadonlyArray<number | string>
  readonly expected: string
  readonly got: string
}

/** Far above anything MIMI content may hold (8 levels); stops hostile nesting early. */
const HARD_DEPTH = 16
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })

class ReadFailure extends Error {
  constructor(readonly error: ReadError) {
    super(error.code)
  }
}

export function readCbor(bytes: Uint8Array): { ok: true; value: CborNode } | { ok: false; error: ReadError } {
  const at: Array<number | string> = []
  let pos = 0
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const stop = (code: ContentErrorCode, offset: number, expected: string, got: string): never => {
    throw new ReadFailure({ code, offset, at: [...at], expected, got })
  }
  const need = (n: number, offset: number): void => {
    if (bytes.length - pos < n) stop("E_TRUNCATED", offset, `${n} more byte(s)`, `${bytes.length - pos}`)
  }
  const argument = (ai: number, offset: number): bigint => {
    if (ai < 24) return BigInt(ai)
    if (ai > 27) stop(ai === 31 ? "E_INDEFINITE_LENGTH" : "E_RESERVED_AI", offset, "definite length", `ai ${ai}`)
    const size = 1 << (ai - 24)
    need(size, offset)
    const v = size === 1 ? BigInt(view.getUint8(pos)) : size === 2 ? BigInt(view.getUint16(pos))
      : size === 4 ? BigInt(view.getUint32(pos)) : view.getBigUint64(pos)
    pos += size
    const floor = size === 1 ? 24n : 1n << BigInt(4 * size)
    if (v < floor) stop("E_NON_SHORTEST", offset, `${v} in fewer than ${size + 1} bytes`, `${v} in ${size + 1}`)
    return v
  }
  const length = (v: bigint, offset: number): number => {
    const left = bytes.length - pos
    if (v > BigInt(left)) stop("E_TRUNCATED", offset, `${v} more byte(s) or items`, `${left}`)
    return Number(v)
  }
  const item = (depth: number): CborNode => {
    const offset = pos
    need(1, offset)
    const head = view.getUint8(pos++)
    const major = head >> 5
    const ai = head & 31
    if (major === 7) return simpleOrFloat(ai, offset)
    const arg = argument(ai, offset)
    if (major === 0) return { kind: "uint", value: arg, offset, end: pos }
    if (major === 1) return { kind: "nint", value: -1n - arg, offset, end: pos }
    if (major === 2 || major === 3) {
      const n = length(arg, offset)
      const raw = bytes.subarray(pos, pos + n)
      pos += n
      if (major === 2) return { kind: "bytes", value: raw, offset, end: pos }
      try {
        return { kind: "text", value: utf8.decode(raw), offset, end: pos }
      } catch {
        return stop("E_INVALID_UTF8", offset, "valid UTF-8", `${n} byte(s) that are not`)
      }
    }
    if (depth >= HARD_DEPTH) stop("E_TOO_DEEP", offset, `at most ${HARD_DEPTH} nested containers`, "more")
    if (major === 4) {
      const items: CborNode[] = []
      for (let i = 0, n = length(arg, offset); i < n; i++) {
        at.push(i)
        items.push(item(depth + 1))
        at.pop()
      }
      return { kind: "array", items, offset, end: pos }
    }
    if (major === 5) return map(length(arg, offset), depth, offset)
    at.push(`tag(${arg})`)
    const content = item(depth + 1)
    at.pop()
    if (arg === 2n || arg === 3n) checkBignum(content)
    return { kind: "tag", tag: arg, content, offset, end: pos }
  }
  const map = (n: number, depth: number, offset: number): CborNode => {
    const entries: Array<[CborNode, CborNode]> = []
    let previous: Uint8Array | undefined
    for (let i = 0; i < n; i++) {
      at.push(`key#${i}`)
      const key = item(depth + 1)
      at.pop()
      const encoded = bytes.subarray(key.offset, key.end)
      const order = previous === undefined ? 1 : compareBytes(encoded, previous)
      const label = key.kind === "text" ? key.value : key.kind === "uint" || key.kind === "nint" ? Number(key.value) : i
      at.push(label)
      if (order === 0) stop("E_DUPLICATE_KEY", key.offset, "unique map keys", `key ${String(label)} repeated`)
      if (order < 0) stop("E_MAP_KEY_ORDER", key.offset, "keys sorted bytewise", `key ${String(label)} out of order`)
      entries.push([key, item(depth + 1)])
      at.pop()
      previous = encoded
    }
    return { kind: "map", entries, offset, end: pos }
  }
  const simpleOrFloat = (ai: number, offset: number): CborNode => {
    if (ai < 24) return { kind: "simple", value: ai, offset, end: pos }
    if (ai === 24) {
      need(1, offset)
      const v = view.getUint8(pos++)
      if (v < 32) stop("E_INVALID_SIMPLE", offset, "simple value >= 32 in the extra byte", `${v}`)
      return { kind: "simple", value: v, offset, end: pos }
    }
    if (ai > 27) stop(ai === 31 ? "E_INDEFINITE_LENGTH" : "E_RESERVED_AI", offset, "a data item", `major 7 ai ${ai}`)
    const width = (1 << (ai - 24)) as 2 | 4 | 8
    need(width, offset)
    const half = width === 2 ? view.getUint16(pos) : -1
    const value = width === 2 ? readFloat16(half) : width === 4 ? view.getFloat32(pos) : view.getFloat64(pos)
    pos += width
    if (Number.isNaN(value) && half !== 0x7e00) {
      stop("E_NAN_NOT_CANONICAL", offset, "NaN only as f97e00", `NaN in ${width} bytes`)
    }
    const shorter = width === 4 ? fitsFloat16(value) : width === 8 && Math.fround(value) === value
    if (shorter) stop("E_FLOAT_NOT_SHORTEST", offset, "the shortest exact float", `${value} in ${width} bytes`)
    return { kind: "float", value, width, offset, end: pos }
  }
  const checkBignum = (content: CborNode): void => {
    if (content.kind !== "bytes") return stop("E_WRONG_TYPE", content.offset, "bignum as a byte string", content.kind)
    const b = content.value
    if (b.length <= 8 || b[0] === 0) {
      stop("E_BIGNUM_NOT_REDUCED", content.offset, "bignum only above 64 bits", `${b.length} byte(s)`)
    }
  }
  try {
    const value = item(0)
    if (pos !== bytes.length) stop("E_TRAILING_BYTES", pos, "end of input", `${bytes.length - pos} more byte(s)`)
    return { ok: true, value }
  } catch (e) {
    if (e instanceof ReadFailure) return { ok: false, error: e.error }
    throw e
  }
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number)
    if (d !== 0) return d
  }
  return a.length - b.length
}
