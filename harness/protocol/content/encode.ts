import { encode, type ToCBOR, type Writer } from "cbor2"
import type { Expiration, Extensions, MimiContent, NestedPart } from "./types.ts"

/** Already-encoded CBOR spliced into the output unchanged (extension values keep their bytes). */
class RawCbor implements ToCBOR {
  constructor(readonly bytes: Uint8Array) {}
  toCBOR(w: Writer): undefined {
    w.write(this.bytes)
    return undefined
  }
}

const CDE = { cde: true } as const

/**
 * Deterministic CBOR (RFC 8949 §4.2.1) of a message. It encodes what it is given, limits included,
 * so that scenarios can also build malformed content on purpose.
 */
export function encodeMimiContent(content: MimiContent): Uint8Array {
  return encode([
    content.salt,
    content.replaces,
    content.topicId,
    expiration(content.expires),
    content.inReplyTo,
    extensionMap(content.extensions),
    nestedPart(content.nestedPart),
  ], CDE)
}

/** Deterministic CBOR of any extension value, for building an ExtensionEntry. */
export function encodeExtensionValue(value: unknown): Uint8Array {
  return encode(value, CDE)
}

function expiration(e: Expiration | null): unknown {
  return e === null ? null : [e.relative, e.time]
}

function extensionMap(ext: Extensions): Map<number | string, unknown> {
  const map = new Map<number | string, unknown>()
  if (ext.senderUri !== null) map.set(1, ext.senderUri)
  if (ext.roomUri !== null) map.set(2, ext.roomUri)
  for (const { key, value } of ext.other) map.set(key, new RawCbor(value))
  return map
}

function nestedPart(part: NestedPart): unknown[] {
  const head = [part.disposition, part.language, part.cardinality]
  switch (part.cardinality) {
    case 0:
      return head
    case 1:
      return [...head, part.contentType, part.content]
    case 2:
      return [...head, part.contentType, part.url, part.expires, part.size, part.encAlg, part.key, part.nonce,
        part.aad, part.hashAlg, part.contentHash, part.description, part.filename]
    case 3:
      return [...head, part.partSemantics, part.parts.map(nestedPart)]
  }
}
