import { codec, decode, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import { CONTENT_TYPES, MLS10, WIRE_FORMATS, wireValue, type WireFormat } from "./enums.ts"
import { readFramedContent, writeFramedContent, type FramedContent } from "./framed-content.ts"
import { readGroupContext, writeGroupContext, type GroupContext } from "./group-context.ts"

/** RFC 9420 §8.2 ConfirmedTranscriptHashInput. */
export interface ConfirmedTranscriptHashInput {
  wireFormat: WireFormat
  content: FramedContent
  signature: Uint8Array
}

export function readConfirmedTranscriptHashInput(r: Reader): ConfirmedTranscriptHashInput {
  return {
    wireFormat: r.enum("wire_format", 2, WIRE_FORMATS),
    content: r.struct("content", readFramedContent),
    signature: r.opaque("signature"),
  }
}

export function writeConfirmedTranscriptHashInput(w: Writer, v: ConfirmedTranscriptHashInput): void {
  w.u16(wireValue(WIRE_FORMATS, v.wireFormat))
  writeFramedContent(w, v.content)
  w.opaque(v.signature)
}

/** RFC 9420 §8.2 InterimTranscriptHashInput. */
export interface InterimTranscriptHashInput {
  confirmationTag: Uint8Array
}

export const readInterimTranscriptHashInput = (r: Reader): InterimTranscriptHashInput =>
  ({ confirmationTag: r.opaque("confirmation_tag") })
export const writeInterimTranscriptHashInput = (w: Writer, v: InterimTranscriptHashInput) => w.opaque(v.confirmationTag)

/** FramedContentTBS (§6.1): the content signed with label "FramedContentTBS". */
export interface FramedContentTbs {
  version: number
  wireFormat: WireFormat
  content: FramedContent
  /** Present exactly for member and new_member_commit senders. */
  context?: GroupContext
}

const hasContext = (c: FramedContent) => c.sender.senderType === "member" || c.sender.senderType === "new_member_commit"

export function readFramedContentTbs(r: Reader): FramedContentTbs {
  const version = r.u16("version")
  const wireFormat = r.enum("wire_format", 2, WIRE_FORMATS)
  const content = r.struct("content", readFramedContent)
  return hasContext(content) ? { version, wireFormat, content, context: r.struct("context", readGroupContext) }
    : { version, wireFormat, content }
}

export function writeFramedContentTbs(w: Writer, v: FramedContentTbs): void {
  w.u16(v.version)
  w.u16(wireValue(WIRE_FORMATS, v.wireFormat))
  writeFramedContent(w, v.content)
  if (!hasContext(v.content)) return
  if (v.context === undefined) {
    throw new RangeError(`FramedContentTBS of a ${v.content.sender.senderType} sender needs the GroupContext`)
  }
  writeGroupContext(w, v.context)
}

/** The signed bytes of a message's content; `context` is needed for member and new_member_commit senders. */
export function encodeFramedContentTbs(
  wireFormat: WireFormat, content: FramedContent, context?: GroupContext,
): Uint8Array {
  const w = new Writer()
  const tbs: FramedContentTbs = { version: MLS10, wireFormat, content }
  if (context !== undefined) tbs.context = context
  writeFramedContentTbs(w, tbs)
  return w.finish()
}

/** The content_type byte, for AAD constructions. */
export const contentTypeValue = (c: FramedContent["contentType"]) => wireValue(CONTENT_TYPES, c)

export const confirmedTranscriptHashInputCodec = codec(
  "ConfirmedTranscriptHashInput", readConfirmedTranscriptHashInput, writeConfirmedTranscriptHashInput)
export const interimTranscriptHashInputCodec = codec(
  "InterimTranscriptHashInput", readInterimTranscriptHashInput, writeInterimTranscriptHashInput)
export const decodeConfirmedTranscriptHashInput = (b: Uint8Array) => decode(confirmedTranscriptHashInputCodec, b)
export const encodeConfirmedTranscriptHashInput = (v: ConfirmedTranscriptHashInput) =>
  encode(confirmedTranscriptHashInputCodec, v)
export const decodeInterimTranscriptHashInput = (b: Uint8Array) => decode(interimTranscriptHashInputCodec, b)
export const encodeInterimTranscriptHashInput = (v: InterimTranscriptHashInput) =>
  encode(interimTranscriptHashInputCodec, v)
export const framedContentTbsCodec = codec("FramedContentTBS", readFramedContentTbs, writeFramedContentTbs)
export const decodeFramedContentTbs = (b: Uint8Array) => decode(framedContentTbsCodec, b)
