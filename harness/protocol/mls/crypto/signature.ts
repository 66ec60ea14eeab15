import { sign as nodeSign, verify as nodeVerify } from "node:crypto"
import { bytesToHex } from "@noble/hashes/utils.js"
import type { HashName } from "./hash.ts"
import { importPrivate, importPublic, type Curve } from "./keys.ts"

/**
 * Signature schemes of the MLS cipher suites. Verification policy (enforced before OpenSSL runs):
 *
 * - EdDSA (Ed25519, Ed448) is RFC 8032 strict, not ZIP-215: the public key must be a canonical
 *   encoding (y < p) of a curve point that is not of small order; the signature must have the exact
 *   length, a canonical R (y < p) and S < L. OpenSSL then decodes the points (refusing non-points)
 *   and checks the equation with the cofactorless rule.
 * - ECDSA (P-256/384/521, SEC1 public keys, DER signatures as MLS puts them on the wire): the public
 *   key must be an uncompressed point (0x04 ‖ x ‖ y) on the curve; the signature must be strict
 *   DER, SEQUENCE of two INTEGERs in minimal encoding with 0 < r, s < n, and nothing after it.
 *
 * Any violation makes verify() return false; it never throws.
 */
export interface SignatureScheme {
  readonly curve: Curve
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean
  publicKeyOf(privateKey: Uint8Array): Uint8Array | undefined
}

const ED25519_P = (1n << 255n) - 19n
const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n
const ED448_P = (1n << 448n) - (1n << 224n) - 1n
const ED448_L = (1n << 446n) - 13818066809895115352007386748515426880336692474882178609894547503885n

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!)
  return n
}

function bigEndian(bytes: Uint8Array): bigint {
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  return n
}

/**
 * Encodings of the points of small order (the 8-torsion of edwards25519, the 4-torsion of edwards448),
 * including the non-canonical "x = 0 with the sign bit set" forms. Any other key that is not a
 * curve point is refused by OpenSSL's decoder at verification time.
 */
const SMALL_ORDER = new Set([
  "0100000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000080",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
  "01" + "00".repeat(56),
  "01" + "00".repeat(55) + "80",
  "fe" + "ff".repeat(27) + "fe" + "ff".repeat(27) + "00",
  "fe" + "ff".repeat(27) + "fe" + "ff".repeat(27) + "80",
  "00".repeat(57),
  "00".repeat(56) + "80",
])

/** True for the encoding of a point of small order (an EdDSA public key RFC 8032 strict refuses). */
export const isSmallOrderEncoding = (publicKey: Uint8Array): boolean => SMALL_ORDER.has(bytesToHex(publicKey))

/** y < p once the sign bit (top bit of the last byte) is masked off. */
function canonicalY(encoding: Uint8Array, p: bigint): boolean {
  return (littleEndian(encoding) & ((1n << BigInt(8 * encoding.length - 1)) - 1n)) < p
}

function eddsa(curve: "Ed25519" | "Ed448"): SignatureScheme {
  const size = curve === "Ed25519" ? 32 : 57
  const p = curve === "Ed25519" ? ED25519_P : ED448_P
  const order = curve === "Ed25519" ? ED25519_L : ED448_L
  return {
    curve,
    sign(privateKey, message) {
      const key = importPrivate(curve, privateKey)
      if (key === undefined) throw new RangeError(`invalid ${curve} private key`)
      return new Uint8Array(nodeSign(null, message, key.key))
    },
    verify(publicKey, message, signature) {
      if (signature.length !== 2 * size || publicKey.length !== size) return false
      if (!canonicalY(publicKey, p) || isSmallOrderEncoding(publicKey)) return false
      if (!canonicalY(signature.subarray(0, size), p) || littleEndian(signature.subarray(size)) >= order) return false
      const key = importPublic(curve, publicKey)
      if (key === undefined) return false
      try {
        return nodeVerify(null, message, key, signature)
      } catch {
        return false
      }
    },
    publicKeyOf: (privateKey) => importPrivate(curve, privateKey)?.publicKey,
  }
}

const ECDSA_ORDERS: Record<string, bigint> = {
  "P-256": 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  "P-384": 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  "P-521": BigInt("0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
}

/** Strict DER `SEQUENCE { INTEGER r, INTEGER s }` with 0 < r, s < n; false on any deviation. */
export function strictEcdsaDer(sig: Uint8Array, order: bigint): boolean {
  let at = 0
  const length = (): number => {
    const first = sig[at++]
    if (first === undefined) return -1
    if (first < 0x80) return first
    if (first !== 0x81) return -1
    const n = sig[at++]
    return n === undefined || n < 0x80 ? -1 : n
  }
  const integer = (): boolean => {
    if (sig[at++] !== 0x02) return false
    const n = length()
    if (n < 1 || at + n > sig.length) return false
    const body = sig.subarray(at, at + n)
    at += n
    if ((body[0]! & 0x80) !== 0) return false
    if (body[0] === 0 && (n === 1 || (body[1]! & 0x80) === 0)) return false
    const v = bigEndian(body)
    return v > 0n && v < order
  }
  if (sig[at++] !== 0x30) return false
  const n = length()
  if (n < 0 || at + n !== sig.length) return false
  return integer() && integer() && at === sig.length
}

function ecdsa(curve: "P-256" | "P-384" | "P-521", hash: HashName): SignatureScheme {
  const order = ECDSA_ORDERS[curve]!
  return {
    curve,
    sign(privateKey, message) {
      const key = importPrivate(curve, privateKey)
      if (key === undefined) throw new RangeError(`invalid ${curve} private key`)
      return new Uint8Array(nodeSign(hash, message, { key: key.key, dsaEncoding: "der" }))
    },
    verify(publicKey, message, signature) {
      if (!strictEcdsaDer(signature, order)) return false
      const key = importPublic(curve, publicKey)
      if (key === undefined) return false
      try {
        return nodeVerify(hash, message, { key, dsaEncoding: "der" }, signature)
      } catch {
        return false
      }
    },
    publicKeyOf: (privateKey) => importPrivate(curve, privateKey)?.publicKey,
  }
}

export const signatureSchemes = {
  ed25519: eddsa("Ed25519"),
  ed448: eddsa("Ed448"),
  p256: ecdsa("P-256", "sha256"),
  p384: ecdsa("P-384", "sha384"),
  p521: ecdsa("P-521", "sha512"),
}
