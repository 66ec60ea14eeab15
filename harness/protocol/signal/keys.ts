/** Curve25519 public keys as Signal serialises them: 0x05 ‖ 32-byte little-endian u-coordinate. */
import { x25519 } from "@noble/curves/ed25519.js"
import { toHex, type Decoded } from "./bytes.ts"

export const DJB_TYPE = 0x05

export function decodePublicKey(bytes: Uint8Array, field = "publicKey", struct = "PublicKey"): Decoded<Uint8Array> {
  const fail = (offset: number, expected: string, got: string): Decoded<Uint8Array> => ({
    ok: false,
    error: { rule: "signal.keys.curve25519-encoding", struct, field, offset, expected, got },
  })
  if (bytes.length !== 33) {
    return fail(0, "33 bytes (0x05 ‖ u)", `${bytes.length} bytes: ${toHex(bytes.slice(0, 40))}`)
  }
  if (bytes[0] !== DJB_TYPE) return fail(0, "type byte 0x05", `0x${bytes[0]!.toString(16).padStart(2, "0")}`)
  return { ok: true, value: bytes.slice(1) }
}

export const encodePublicKey = (u: Uint8Array): Uint8Array => Uint8Array.of(DJB_TYPE, ...u)

/** X25519 with a 33-byte Signal public key and a 32-byte private key. */
export function agree(publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const u = publicKey.length === 33 ? publicKey.slice(1) : publicKey
  return x25519.getSharedSecret(privateKey, u)
}

export const publicKeyOf = (privateKey: Uint8Array): Uint8Array => encodePublicKey(x25519.getPublicKey(privateKey))
