import { codec, decode, decodeWith, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import { CONTENT_TYPES, wireValue, type ContentType } from "./enums.ts"
import {
  readAuthData, readContentBody, writeAuthData, writeContentBody, type ContentBody, type FramedContentAuthData,
} from "./framed-content.ts"

/** RFC 9420 §6.3 PrivateMessage. */
export interface PrivateMessage {
  groupId: Uint8Array
  epoch: bigint
  contentType: ContentType
  authenticatedData: Uint8Array
  encryptedSenderData: Uint8Array
  ciphertext: Uint8Array
}

export function readPrivateMessage(r: Reader): PrivateMessage {
  return {
    groupId: r.opaque("group_id"),
    epoch: r.u64("epoch"),
    contentType: r.enum("content_type", 1, CONTENT_TYPES),
    authenticatedData: r.opaque("authenticated_data"),
    encryptedSenderData: r.opaque("encrypted_sender_data"),
    ciphertext: r.opaque("ciphertext"),
  }
}

export function writePrivateMessage(w: Writer, v: PrivateMessage): void {
  writePrivateContentAadFields(w, v)
  w.opaque(v.encryptedSenderData)
  w.opaque(v.ciphertext)
}

type AadFields = Pick<PrivateMessage, "groupId" | "epoch" | "contentType" | "authenticatedData">

function writePrivateContentAadFields(w: Writer, v: AadFields): void {
  w.opaque(v.groupId)
  w.u64(v.epoch)
  w.u8(wireValue(CONTENT_TYPES, v.contentType))
  w.opaque(v.authenticatedData)
}

/** PrivateContentAAD (§6.3.1). */
export function encodePrivateContentAad(v: AadFields): Uint8Array {
  const w = new Writer()
  writePrivateContentAadFields(w, v)
  return w.finish()
}

/** SenderDataAAD (§6.3.2). */
export function encodeSenderDataAad(v: Pick<PrivateMessage, "groupId" | "epoch" | "contentType">): Uint8Array {
  const w = new Writer()
  w.opaque(v.groupId)
  w.u64(v.epoch)
  w.u8(wireValue(CONTENT_TYPES, v.contentType))
  return w.finish()
}

/** RFC 9420 §6.3.2 SenderData. */
export interface SenderData {
  leafIndex: number
  generation: number
  reuseGuard: Uint8Array
}

export function readSenderData(r: Reader): SenderData {
  return { leafIndex: r.u32("leaf_index"), generation: r.u32("generation"), reuseGuard: r.fixed("reuse_guard", 4) }
}

export function writeSenderData(w: Writer, v: SenderData): void {
  w.u32(v.leafIndex)
  w.u32(v.generation)
  if (v.reuseGuard.length !== 4) throw new RangeError("reuse_guard must be 4 bytes")
  w.bytes(v.reuseGuard)
}

/** RFC 9420 §6.3.1 PrivateMessageContent; the padding must be all zero bytes. */
export type PrivateMessageContent = ContentBody & { auth: FramedContentAuthData; paddingLength: number }

export function readPrivateMessageContent(r: Reader, contentType: ContentType): PrivateMessageContent {
  const body = readContentBody(r, contentType)
  const auth = r.struct("auth", (r) => readAuthData(r, contentType))
  const start = r.pos
  const padding = r.rest()
  const nonZero = padding.findIndex((b) => b !== 0)
  if (nonZero >= 0) {
    r.fail("E_PADDING_NONZERO", "padding", "all-zero padding", `byte ${padding[nonZero]}`, start + nonZero)
  }
  return { ...body, auth, paddingLength: padding.length }
}

export function writePrivateMessageContent(w: Writer, v: PrivateMessageContent): void {
  writeContentBody(w, v)
  writeAuthData(w, v.auth, v.contentType)
  w.bytes(new Uint8Array(v.paddingLength))
}

export const decodePrivateMessageContent = (b: Uint8Array, contentType: ContentType) =>
  decodeWith("PrivateMessageContent", b, (r) => readPrivateMessageContent(r, contentType))
export function encodePrivateMessageContent(v: PrivateMessageContent): Uint8Array {
  const w = new Writer()
  writePrivateMessageContent(w, v)
  return w.finish()
}

export const privateMessageCodec = codec("PrivateMessage", readPrivateMessage, writePrivateMessage)
export const senderDataCodec = codec("SenderData", readSenderData, writeSenderData)
export const decodePrivateMessage = (b: Uint8Array) => decode(privateMessageCodec, b)
export const encodePrivateMessage = (v: PrivateMessage) => encode(privateMessageCodec, v)
export const decodeSenderData = (b: Uint8Array) => decode(senderDataCodec, b)
export const encodeSenderData = (v: SenderData) => encode(senderDataCodec, v)
