import { createHash, createHmac } from "node:crypto"

/** SHA-2 and HMAC-based KDF (RFC 5869) on node:crypto, synchronous. */
export type HashName = "sha256" | "sha384" | "sha512"

export const hashLengths: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 }

export function digest(name: HashName, data: Uint8Array): Uint8Array {
  return toU8(createHash(name).update(data).digest())
}

export function hmac(name: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return toU8(createHmac(name, key).update(data).digest())
}

/** An empty salt is equivalent to HashLen zero bytes (HMAC pads the key with zeros). */
export function hkdfExtract(name: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmac(name, salt, ikm)
}

export function hkdfExpand(name: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const n = hashLengths[name]
  if (length > 255 * n) throw new RangeError(`HKDF-Expand length ${length} exceeds 255·Nh`)
  const out = new Uint8Array(length)
  let previous: Uint8Array = new Uint8Array(0)
  for (let i = 1, offset = 0; offset < length; i++) {
    const h = createHmac(name, prk)
    h.update(previous)
    h.update(info)
    h.update(Uint8Array.of(i))
    previous = toU8(h.digest())
    out.set(previous.subarray(0, Math.min(n, length - offset)), offset)
    offset += n
  }
  return out
}

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}
