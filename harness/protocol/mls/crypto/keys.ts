import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto"

/**
 * Raw MLS key bytes → node:crypto KeyObjects, cached. Import formats follow what is cheapest on
 * OpenSSL 3.0: JWK for the OKP curves and P-256, SPKI DER for P-384/P-521 public keys (JWK point
 * validation is slow there). Keys are only ever made from bytes: keys from generateKeyPairSync
 * exported as JWK in a loop deadlock Node 20.20.2.
 */
export type Curve = "X25519" | "X448" | "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521"

interface CurveInfo {
  readonly okp: boolean
  readonly publicLength: number
  readonly privateLength: number
  /** OpenSSL curve name and the DER of the named-curve OID, for the NIST curves. */
  readonly ecdhName?: string
  readonly oid?: Uint8Array
}

export const curves: Record<Curve, CurveInfo> = {
  X25519: { okp: true, publicLength: 32, privateLength: 32 },
  X448: { okp: true, publicLength: 56, privateLength: 56 },
  Ed25519: { okp: true, publicLength: 32, privateLength: 32 },
  Ed448: { okp: true, publicLength: 57, privateLength: 57 },
  "P-256": { okp: false, publicLength: 65, privateLength: 32, ecdhName: "prime256v1",
    oid: Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07) },
  "P-384": { okp: false, publicLength: 97, privateLength: 48, ecdhName: "secp384r1",
    oid: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22) },
  "P-521": { okp: false, publicLength: 133, privateLength: 66, ecdhName: "secp521r1",
    oid: Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23) },
}

const CACHE_LIMIT = 20_000
const publicCache = new Map<string, KeyObject | null>()
const privateCache = new Map<string, PrivateKey | null>()

export interface PrivateKey {
  /** The KeyObject, created on first use: many derived keys are only ever compared, never used. */
  readonly key: KeyObject
  readonly publicKey: Uint8Array
}

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64url")
const unb64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64url"))

function remember<V>(cache: Map<string, V>, k: string, v: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(k, v)
  return v
}

/** The public key as a KeyObject, or undefined when the bytes are not a valid key of the curve. */
export function importPublic(curve: Curve, raw: Uint8Array): KeyObject | undefined {
  const info = curves[curve]
  if (raw.length !== info.publicLength) return undefined
  const k = curve + Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex")
  const hit = publicCache.get(k)
  if (hit !== undefined) return hit ?? undefined
  let key: KeyObject | null = null
  try {
    if (info.okp) key = createPublicKey({ key: { kty: "OKP", crv: curve, x: b64u(raw) }, format: "jwk" })
    else if (raw[0] !== 0x04) key = null
    else if (curve === "P-256") key = createPublicKey({ key: ecJwk(curve, raw), format: "jwk" })
    else key = createPublicKey({ key: Buffer.from(spki(info.oid!, raw)), format: "der", type: "spki" })
  } catch {
    key = null
  }
  return remember(publicCache, k, key) ?? undefined
}

/** The private key with its public key, or undefined when the scalar is out of range. */
export function importPrivate(curve: Curve, raw: Uint8Array): PrivateKey | undefined {
  const info = curves[curve]
  // A NIST scalar is a big-endian integer; some encoders drop leading zero bytes (the P-521 vectors do).
  if (!info.okp && raw.length < info.privateLength) raw = leftPad(raw, info.privateLength)
  if (raw.length !== info.privateLength) return undefined
  const k = curve + Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex")
  const hit = privateCache.get(k)
  if (hit !== undefined) return hit ?? undefined
  let entry: PrivateKey | null = null
  try {
    if (info.okp) {
      // Node derives x from d; the x given here is ignored.
      const key = createPrivateKey({ key: { kty: "OKP", crv: curve, d: b64u(raw), x: b64u(raw) }, format: "jwk" })
      const jwk = createPublicKey(key).export({ format: "jwk" })
      entry = { key, publicKey: unb64u(jwk.x!) }
    } else {
      const ecdh = createECDH(info.ecdhName!)
      ecdh.setPrivateKey(raw)
      entry = lazyEcKey(curve, raw, new Uint8Array(ecdh.getPublicKey()))
    }
  } catch {
    entry = null
  }
  return remember(privateCache, k, entry) ?? undefined
}

/**
 * A NIST private key whose KeyObject is built on first use: JWK for P-256; PKCS#8 carrying the public
 * point for P-384/P-521, where JWK import re-validates the point at twice the cost.
 */
function lazyEcKey(curve: Curve, d: Uint8Array, publicKey: Uint8Array): PrivateKey {
  let key: KeyObject | undefined
  return {
    publicKey,
    get key() {
      key ??= curve === "P-256"
        ? createPrivateKey({ key: { ...ecJwk(curve, publicKey), d: b64u(d) }, format: "jwk" })
        : createPrivateKey({ key: Buffer.from(pkcs8(curves[curve].oid!, d, publicKey)), format: "der", type: "pkcs8" })
      return key
    },
  }
}

function leftPad(raw: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  out.set(raw, length - raw.length)
  return out
}

function ecJwk(curve: Curve, point: Uint8Array): { kty: "EC"; crv: string; x: string; y: string } {
  const n = (point.length - 1) / 2
  return { kty: "EC", crv: curve, x: b64u(point.subarray(1, 1 + n)), y: b64u(point.subarray(1 + n)) }
}

const EC_PUBLIC_KEY_OID = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01)

function derTlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]
  const out = new Uint8Array(1 + len.length + body.length)
  out[0] = tag
  out.set(len, 1)
  out.set(body, 1 + len.length)
  return out
}

/** PKCS#8 PrivateKeyInfo wrapping a SEC1 ECPrivateKey with its public key (RFC 5915). */
function pkcs8(curveOid: Uint8Array, d: Uint8Array, point: Uint8Array): Uint8Array {
  const algorithm = derTlv(0x30, Uint8Array.from([...EC_PUBLIC_KEY_OID, ...curveOid]))
  const publicKey = derTlv(0xa1, derTlv(0x03, Uint8Array.from([0x00, ...point])))
  const ecPrivateKey = derTlv(0x30, Uint8Array.from([0x02, 0x01, 0x01, ...derTlv(0x04, d), ...publicKey]))
  return derTlv(0x30, Uint8Array.from([0x02, 0x01, 0x00, ...algorithm, ...derTlv(0x04, ecPrivateKey)]))
}

function spki(curveOid: Uint8Array, point: Uint8Array): Uint8Array {
  const algorithm = derTlv(0x30, Uint8Array.from([...EC_PUBLIC_KEY_OID, ...curveOid]))
  const bits = derTlv(0x03, Uint8Array.from([0x00, ...point]))
  return derTlv(0x30, Uint8Array.from([...algorithm, ...bits]))
}
