/** The MIMI content message (draft-ietf-mimi-content-08 §4 and Appendix A.1) as typed data. */

export interface Expiration {
  /** true: seconds after the message is read; false: absolute UNIX seconds. */
  readonly relative: boolean
  readonly time: number
}

/** An extension other than senderUri (1) and roomUri (2): its key and its value as deterministic CBOR. */
export interface ExtensionEntry {
  readonly key: number | string
  readonly value: Uint8Array
}

export interface Extensions {
  readonly senderUri: string | null
  readonly roomUri: string | null
  readonly other: readonly ExtensionEntry[]
}

export const Cardinality = { nullPart: 0, single: 1, external: 2, multi: 3 } as const
export const PartSemantics = { chooseOne: 0, singleUnit: 1, processAll: 2 } as const
export const Disposition = {
  unspecified: 0, render: 1, reaction: 2, profile: 3, inline: 4, icon: 5, attachment: 6, session: 7, preview: 8,
} as const

interface PartHeader {
  /** 0..255; values 9..255 are unknown and render as `render`. */
  readonly disposition: number
  /** "" or a comma-separated list of RFC 5646 language tags. */
  readonly language: string
}

export interface NullPart extends PartHeader {
  readonly cardinality: 0
}

export interface SinglePart extends PartHeader {
  readonly cardinality: 1
  readonly contentType: string
  readonly content: Uint8Array
}

export interface ExternalPart extends PartHeader {
  readonly cardinality: 2
  readonly contentType: string
  readonly url: string
  /** UNIX seconds, 0 = does not expire. */
  readonly expires: number
  /** Octets, 0 = unknown; up to 2^64-1, hence a bigint. */
  readonly size: bigint
  /** IANA AEAD algorithm number (1 = AES-128-GCM), 0 = not encrypted. */
  readonly encAlg: number
  readonly key: Uint8Array
  readonly nonce: Uint8Array
  readonly aad: Uint8Array
  /** IANA Named Information hash algorithm (1 = sha-256). */
  readonly hashAlg: number
  readonly contentHash: Uint8Array
  readonly description: string
  readonly filename: string
}

export interface MultiPart extends PartHeader {
  readonly cardinality: 3
  readonly partSemantics: 0 | 1 | 2
  readonly parts: readonly NestedPart[]
}

export type NestedPart = NullPart | SinglePart | ExternalPart | MultiPart

export interface MimiContent {
  readonly salt: Uint8Array
  /** First-instance ID of the message this one edits, deletes or un-reacts. */
  readonly replaces: Uint8Array | null
  /** Zero length: no topic. */
  readonly topicId: Uint8Array
  readonly expires: Expiration | null
  readonly inReplyTo: Uint8Array | null
  readonly extensions: Extensions
  readonly nestedPart: NestedPart
}

/** A part with its implied zero-based, depth-first index (§4.4) and its nesting level (top = 1). */
export interface IndexedPart {
  readonly index: number
  readonly level: number
  readonly part: NestedPart
}

export function indexParts(root: NestedPart): IndexedPart[] {
  const out: IndexedPart[] = []
  const walk = (part: NestedPart, level: number): void => {
    out.push({ index: out.length, level, part })
    if (part.cardinality === 3) for (const child of part.parts) walk(child, level + 1)
  }
  walk(root, 1)
  return out
}
