/**
 * XEdDSA verification over Curve25519 as libsignal performs it: the Montgomery key is mapped to the
 * Edwards point whose sign bit the signer stored in the top bit of the signature's last byte.
 */
import { createHash } from "node:crypto"
import { ed25519 } from "@noble/curves/ed25519.js"
import { concat } from "./bytes.ts"

const P = 2n ** 255n - 19n
const Q = 2n ** 252n + 27742317777372353535851937790883648493n
const Point = ed25519.Point

const leToBigint = (b: Uint8Array): bigint => BigInt("0x" + (Buffer.from(b).reverse().toString("hex") || "0"))

function modPow(base: bigint, exp: bigint): bigint {
  let result = 1n
  let b = base % P
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P
    b = (b * b) % P
  }
  return result
}

/** Verifies `signature` (64 bytes) over `message` with a 33-byte (0x05-prefixed) or 32-byte public key. */
export function xeddsaVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const u = publicKey.length === 33 ? publicKey.slice(1) : publicKey
  if (u.length !== 32 || signature.length !== 64) return false
  const uInt = leToBigint(u)
  if (uInt >= P) return false
  // Edwards y = (u - 1) / (u + 1); u = -1 has no Edwards image.
  if ((uInt + 1n) % P === 0n) return false
  const y = (((uInt - 1n + P) % P) * modPow(uInt + 1n, P - 2n)) % P
  const aBytes = new Uint8Array(Buffer.from(y.toString(16).padStart(64, "0"), "hex").reverse())
  aBytes[31]! |= signature[63]! & 0x80
  const s = signature.slice(32)
  s[31]! &= 0x7f
  if ((s[31]! & 0xe0) !== 0) return false
  const sInt = leToBigint(s)
  if (sInt >= Q) return false
  let a: InstanceType<typeof Point>
  let r: InstanceType<typeof Point>
  try {
    a = Point.fromBytes(aBytes)
    r = Point.fromBytes(signature.slice(0, 32))
  } catch {
    return false
  }
  const digest = createHash("sha512").update(concat(signature.slice(0, 32), aBytes, message)).digest()
  const h = leToBigint(new Uint8Array(digest)) % Q
  // R' = sB - hA must encode to the same bytes as R.
  const check = Point.BASE.multiplyUnsafe(sInt).subtract(a.multiplyUnsafe(h))
  return Buffer.compare(check.toBytes(), r.toBytes()) === 0 && Buffer.compare(r.toBytes(), signature.slice(0, 32)) === 0
}
