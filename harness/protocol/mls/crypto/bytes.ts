import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js"

/** Byte helpers shared by the crypto and schedule oracles (a minimal TLS writer for labels). */

import { concat } from "../../bytes.ts"

export { bytesEqual, concat } from "../../bytes.ts"

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

export function uint16(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff)
}

export function uint32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
}

/** RFC 9420 §2.1.2 variable-length integer, shortest form. */
export function varint(n: number): Uint8Array {
  if (n < 0x40) return Uint8Array.of(n)
  if (n < 0x4000) return Uint8Array.of(0x40 | (n >>> 8), n & 0xff)
  if (n < 0x40000000) return Uint8Array.of(0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
  throw new RangeError(`vector length ${n} exceeds the 30-bit varint range`)
}

/** `opaque data<V>`: varint length prefix followed by the bytes. */
export function opaqueVec(data: Uint8Array): Uint8Array {
  return concat(varint(data.length), data)
}

export const hex = (data: Uint8Array): string => bytesToHex(data)
export const fromHex = (s: string): Uint8Array => hexToBytes(s)
