import { readCbor, type CborNode } from "./cbor-read.ts"
import { asArray, asBool, asBytes, asUint, at, fromReadError, isNull, reject } from "./cbor-schema.ts"
import { readExtensions } from "./decode-extensions.ts"
import { readNestedPart } from "./decode-part.ts"
import { ContentFailure, type Result } from "./errors.ts"
import { KNOWN_MESSAGE_ID_ALGS } from "./message-id.ts"
import type { Expiration, MimiContent } from "./types.ts"

/** §9.1: a topicId longer than 4096 octets is discarded. */
export const MAX_TOPIC_ID = 4096

/**
 * Decodes a MIMI content message strictly: deterministic CBOR only, the draft's schema, data-model,
 * depth and size limits, so that a message it accepts re-encodes to the same bytes. Never throws; a
 * refusal names the rule, the field path and the offset.
 */
export function decodeMimiContent(input: Uint8Array): Result<MimiContent> {
  // from a Buffer, byte strings would come out as Buffers, which cbor2 re-encodes as maps
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  try {
    const read = readCbor(bytes)
    if (!read.ok) return { ok: false, error: fromReadError(read.error) }
    return { ok: true, value: message(read.value, bytes) }
  } catch (e) {
    if (e instanceof ContentFailure) return { ok: false, error: e.error }
    const got = e instanceof Error ? e.message : String(e)
    return { ok: false, error: { code: "E_INTERNAL", rule: "content.encoding.well-formed", path: "mimiContent",
      expected: "a decodable message", got } }
  }
}

function message(root: CborNode, bytes: Uint8Array): MimiContent {
  const items = asArray(root, "mimiContent", "content.schema.message", 7)
  const salt = asBytes(at(items, 0), "mimiContent.salt", "content.schema.message")
  if (salt.length !== 16) {
    reject(at(items, 0), "mimiContent.salt", "E_WRONG_SIZE", "content.message.salt-size", "16 octets")
  }
  const topicId = asBytes(at(items, 2), "mimiContent.topicId", "content.schema.message")
  if (topicId.length > MAX_TOPIC_ID) {
    const rule = "content.limits.topic-id-length"
    reject(at(items, 2), "mimiContent.topicId", "E_TOO_LONG", rule, `<= ${MAX_TOPIC_ID} octets`)
  }
  return {
    salt,
    replaces: messageIdRef(at(items, 1), "mimiContent.replaces"),
    topicId,
    expires: expiration(at(items, 3)),
    inReplyTo: messageIdRef(at(items, 4), "mimiContent.inReplyTo"),
    extensions: readExtensions(at(items, 5), "mimiContent.extensions", bytes),
    nestedPart: readNestedPart(at(items, 6), "mimiContent.nestedPart"),
  }
}

function messageIdRef(node: CborNode, path: string): Uint8Array | null {
  if (isNull(node)) return null
  const id = asBytes(node, path, "content.schema.message")
  if (id.length !== 32) reject(node, path, "E_WRONG_SIZE", "content.message.message-id-size", "null or 32 octets")
  if (!KNOWN_MESSAGE_ID_ALGS.has(id[0] as number)) {
    reject(node, path, "E_UNKNOWN_HASH_ALG", "content.message-id.known-hash-alg", "hash octet 0x01 (sha-256)",
      `0x${(id[0] as number).toString(16).padStart(2, "0")}`)
  }
  return id
}

function expiration(node: CborNode): Expiration | null {
  if (isNull(node)) return null
  const [relative, time] = asArray(node, "mimiContent.expires", "content.schema.expiration", 2) as [CborNode, CborNode]
  return {
    relative: asBool(relative, "mimiContent.expires.relative", "content.schema.expiration"),
    time: Number(asUint(time, "mimiContent.expires.time", "content.schema.expiration", 0xffffffffn)),
  }
}
