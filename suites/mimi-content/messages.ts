/**
 * MIMI content the suite sends as its own user (content-08): posts, replies, edits, deletes,
 * reactions and unlikes, and deliberately malformed messages. The suite builds every byte with its
 * own codec; salts are derived from a label so that runs are reproducible.
 */
import { createHash } from "node:crypto"
import {
  computeMessageId, encodeMimiContent, MAX_PART_LEVEL, MAX_PARTS, type MimiContent, type NestedPart, type SinglePart,
} from "../../harness/protocol/content/index.ts"

export interface Built {
  bytes: Uint8Array
  content: MimiContent
  /** The message ID (§3.3) as the sender computes it, lowercase hex. */
  id: string
  hex: string
}

const utf8 = new TextEncoder()
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
export const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"))

export const saltOf = (label: string): Uint8Array =>
  new Uint8Array(createHash("sha256").update(label).digest().subarray(0, 16))

export const textPart = (text: string, disposition = 1): SinglePart =>
  ({ cardinality: 1, disposition, language: "", contentType: "text/plain;charset=utf-8", content: utf8.encode(text) })

export const nullPart = (disposition = 1): NestedPart => ({ cardinality: 0, disposition, language: "" })

export interface Fields {
  nestedPart: NestedPart
  replaces?: string
  inReplyTo?: Uint8Array | string
}

/** Builds, encodes and identifies one message from `sender` in `room`. */
export function build(sender: string, room: string, label: string, f: Fields): Built {
  const reply = f.inReplyTo === undefined ? null : typeof f.inReplyTo === "string" ? fromHex(f.inReplyTo) : f.inReplyTo
  const content: MimiContent = {
    salt: saltOf(label), replaces: f.replaces === undefined ? null : fromHex(f.replaces), topicId: new Uint8Array(0),
    expires: null, inReplyTo: reply, extensions: { senderUri: sender, roomUri: room, other: [] },
    nestedPart: f.nestedPart,
  }
  const bytes = encodeMimiContent(content)
  return { bytes, content, id: hex(computeMessageId(sender, room, bytes, content.salt)), hex: hex(bytes) }
}

/** A MultiPart of `parts` (processAll). */
const multi = (parts: NestedPart[]): NestedPart =>
  ({ cardinality: 3, disposition: 1, language: "", partSemantics: 2, parts })

/** NestedParts one level deeper than §6.3 allows: MultiParts nested down to a part at level MAX_PART_LEVEL + 1. */
export function tooDeep(): NestedPart {
  let part: NestedPart = multi([textPart("deepest"), textPart("deepest too")])
  for (let level = MAX_PART_LEVEL; level > 1; level--) part = multi([part, textPart(`level ${level}`)])
  return part
}

/** One part more than §9.1 allows (the MultiPart container counts as a part). */
export const tooManyParts = (): NestedPart => multi(Array.from({ length: MAX_PARTS }, (_, i) => textPart(`p${i}`)))

/** A 32-octet message ID whose hash octet (0x02) names no algorithm the draft knows. */
export const unknownHashId = (): Uint8Array =>
  new Uint8Array([0x02, ...saltOf("unknown hash"), ...saltOf("pad").subarray(0, 15)])
