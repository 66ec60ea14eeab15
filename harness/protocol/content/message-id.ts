import { createHash } from "node:crypto"

/**
 * Message IDs (§3.3): hashAlg || hash(u16(len senderUri) || senderUri || u16(len roomUri) || roomUri
 * || message || salt)[0..30]. Only 0x01 (sha-256, the draft's default) is known to this profile.
 */
export const MESSAGE_ID_SHA256 = 0x01
export const KNOWN_MESSAGE_ID_ALGS: ReadonlySet<number> = new Set([MESSAGE_ID_SHA256])

const utf8 = new TextEncoder()

function lengthPrefixed(uri: string): Uint8Array {
  const bytes = utf8.encode(uri)
  if (bytes.length > 0xffff) throw new RangeError(`URI of ${bytes.length} octets does not fit a 16-bit length`)
  const out = new Uint8Array(2 + bytes.length)
  new DataView(out.buffer).setUint16(0, bytes.length)
  out.set(bytes, 2)
  return out
}

/** The 32-octet message ID of `content` (its exact encoded bytes) sent by `senderUri` in `roomUri`. */
export function computeMessageId(
  senderUri: string, roomUri: string, content: Uint8Array, salt: Uint8Array,
): Uint8Array {
  const hash = createHash("sha256")
    .update(lengthPrefixed(senderUri))
    .update(lengthPrefixed(roomUri))
    .update(content)
    .update(salt)
    .digest()
  const id = new Uint8Array(32)
  id[0] = MESSAGE_ID_SHA256
  id.set(hash.subarray(0, 31), 1)
  return id
}

export const messageIdHex = (id: Uint8Array): string => Buffer.from(id).toString("hex")
