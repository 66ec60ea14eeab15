import { readFileSync } from "node:fs"
import { ed25519 } from "@noble/curves/ed25519.js"
import { HarnessError } from "../../harness/engine/errors.ts"

/** What `signature.json` holds: an Ed25519 signature over the exact bytes of `manifest.json`. */
export interface BundleSignature {
  algorithm: "Ed25519"
  /** Hex of the 32-byte public key. */
  publicKey: string
  /** sha256 of manifest.json, so a verifier can tell a changed manifest from a changed signature. */
  manifestSha256: string
  /** Hex of the 64-byte signature. */
  signature: string
}

export function signManifest(manifest: Uint8Array, manifestSha256: string, privateKey: Uint8Array): BundleSignature {
  if (privateKey.length !== 32) {
    throw new HarnessError("E_USAGE", `an Ed25519 private key has 32 bytes, got ${privateKey.length}`)
  }
  return {
    algorithm: "Ed25519",
    publicKey: Buffer.from(ed25519.getPublicKey(privateKey)).toString("hex"),
    manifestSha256,
    signature: Buffer.from(ed25519.sign(manifest, privateKey)).toString("hex"),
  }
}

/** RFC 8032 verification (no ZIP 215 leniency): a regulator's check should be the strict one. */
export function verifySignature(manifest: Uint8Array, signatureHex: string, publicKeyHex: string): boolean {
  try {
    return ed25519.verify(fromHex(signatureHex, 64), manifest, fromHex(publicKeyHex, 32), { zip215: false })
  } catch {
    return false
  }
}

/** A fresh signing key, for runs that were given none (its public key is in the bundle). */
export function generateSigningKey(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  const { secretKey, publicKey } = ed25519.keygen()
  return { privateKey: secretKey, publicKey }
}

/** The public key of a private one (hex). */
export function publicKeyOf(privateKey: Uint8Array): string {
  return Buffer.from(ed25519.getPublicKey(privateKey)).toString("hex")
}

/**
 * Reads a key given on the command line: 64 hex characters inline, or a file holding them
 * (whitespace ignored) or the 32 raw bytes.
 */
export function readKey(spec: string, what: string): Uint8Array {
  if (/^[0-9a-fA-F]{64}$/.test(spec)) return fromHex(spec, 32)
  let bytes: Buffer
  try {
    bytes = readFileSync(spec)
  } catch {
    throw new HarnessError("E_USAGE", `${what}: neither 64 hex characters nor a readable file: ${spec}`)
  }
  const text = bytes.toString("utf8").trim()
  if (/^[0-9a-fA-F]{64}$/.test(text)) return fromHex(text, 32)
  if (bytes.length === 32) return new Uint8Array(bytes)
  throw new HarnessError("E_USAGE", `${what}: ${spec} holds neither 64 hex characters nor 32 raw bytes`)
}

function fromHex(hex: string, length: number): Uint8Array {
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`expected ${length} bytes of hex`)
  return new Uint8Array(Buffer.from(hex, "hex"))
}
