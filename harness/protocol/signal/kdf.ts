/** The HKDF and chain derivations of the Signal protocol (libsignal's v2 and v3 variants). */
import { createHmac } from "node:crypto"
import { concat } from "./bytes.ts"

export const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac("sha256", key).update(data).digest())

/**
 * HKDF-SHA256 (RFC 5869). Message version 2 counted the expand blocks from 0; version 3 and later
 * follow the RFC and count from 1, which is what `counterStart` selects.
 */
export function hkdf(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
  counterStart: 0 | 1 = 1,
): Uint8Array {
  const prk = hmacSha256(salt, ikm)
  const blocks: Uint8Array[] = []
  let previous: Uint8Array = new Uint8Array(0)
  for (let i = 0, got = 0; got < length; i++, got += 32) {
    previous = hmacSha256(prk, concat(previous, info, Uint8Array.of(i + counterStart)))
    blocks.push(previous)
  }
  return concat(...blocks).slice(0, length)
}

const ZERO_SALT = new Uint8Array(32)
const text = (s: string) => new TextEncoder().encode(s)

export interface MessageKeys {
  cipherKey: Uint8Array
  macKey: Uint8Array
  iv: Uint8Array
}

/** One symmetric-ratchet step: the message keys for this index and the next chain key. */
export function chainStep(chainKey: Uint8Array, version: 2 | 3 = 3): { messageKeys: MessageKeys; next: Uint8Array } {
  const seed = hmacSha256(chainKey, Uint8Array.of(1))
  const keys = hkdf(seed, ZERO_SALT, text("WhisperMessageKeys"), 80, version === 2 ? 0 : 1)
  return {
    messageKeys: { cipherKey: keys.slice(0, 32), macKey: keys.slice(32, 64), iv: keys.slice(64, 80) },
    next: hmacSha256(chainKey, Uint8Array.of(2)),
  }
}

export interface RootStep {
  rootKey: Uint8Array
  chainKey: Uint8Array
}

/** One DH-ratchet step of the root chain: the new root key and the new chain key. */
export function rootStep(rootKey: Uint8Array, dh: Uint8Array, version: 2 | 3 = 3): RootStep {
  const out = hkdf(dh, rootKey, text("WhisperRatchet"), 64, version === 2 ? 0 : 1)
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64) }
}
