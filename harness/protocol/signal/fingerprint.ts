/** Safety numbers: libsignal's numeric (displayable) and scannable fingerprints. */
import { createHash } from "node:crypto"
import { concat } from "./bytes.ts"

const FINGERPRINT_VERSION = Uint8Array.of(0, 0)

function iteratedHash(iterations: number, stableId: Uint8Array, identityKey: Uint8Array): Uint8Array {
  let hash = concat(FINGERPRINT_VERSION, identityKey, stableId)
  for (let i = 0; i < iterations; i++) {
    hash = new Uint8Array(createHash("sha512").update(hash).update(identityKey).digest())
  }
  return hash
}

// Six 5-byte big-endian chunks, each reduced mod 100000 and printed as five digits.
function displayString(hash: Uint8Array): string {
  let out = ""
  for (let offset = 0; offset < 30; offset += 5) {
    const chunk = Buffer.from(hash.subarray(offset, offset + 5)).readUIntBE(0, 5) % 100000
    out += String(chunk).padStart(5, "0")
  }
  return out
}

export interface Fingerprint {
  /** The 60-digit safety number, the same on both sides. */
  displayable: string
  /** The local party's CombinedFingerprints protobuf (QR code content). */
  scannable: Uint8Array
}

export function computeFingerprint(
  version: number,
  iterations: number,
  localId: Uint8Array,
  localKey: Uint8Array,
  remoteId: Uint8Array,
  remoteKey: Uint8Array,
): Fingerprint {
  const local = iteratedHash(iterations, localId, localKey)
  const remote = iteratedHash(iterations, remoteId, remoteKey)
  const [l, r] = [displayString(local), displayString(remote)]
  const logical = (hash: Uint8Array) => concat(Uint8Array.of(0x0a, 32), hash.subarray(0, 32))
  const scannable = concat(
    Uint8Array.of(0x08, version),
    Uint8Array.of(0x12, 34), logical(local),
    Uint8Array.of(0x1a, 34), logical(remote),
  )
  return { displayable: l <= r ? l + r : r + l, scannable }
}
