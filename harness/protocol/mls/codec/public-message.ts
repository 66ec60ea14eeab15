import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import {
  readAuthData, readFramedContent, writeAuthData, writeFramedContent, type FramedContent, type FramedContentAuthData,
} from "./framed-content.ts"

/** RFC 9420 §6.2 PublicMessage: membership_tag is present exactly for member senders. */
export interface PublicMessage {
  content: FramedContent
  auth: FramedContentAuthData
  membershipTag?: Uint8Array
}

export function readPublicMessage(r: Reader): PublicMessage {
  const content = r.struct("content", readFramedContent)
  const auth = r.struct("auth", (r) => readAuthData(r, content.contentType))
  if (content.sender.senderType !== "member") return { content, auth }
  return { content, auth, membershipTag: r.opaque("membership_tag") }
}

export function writePublicMessage(w: Writer, v: PublicMessage): void {
  writeFramedContent(w, v.content)
  writeAuthData(w, v.auth, v.content.contentType)
  if (v.content.sender.senderType !== "member") return
  if (v.membershipTag === undefined) throw new RangeError("a member's PublicMessage needs membership_tag")
  w.opaque(v.membershipTag)
}

export const publicMessageCodec = codec("PublicMessage", readPublicMessage, writePublicMessage)
export const decodePublicMessage = (b: Uint8Array) => decode(publicMessageCodec, b)
export const encodePublicMessage = (v: PublicMessage) => encode(publicMessageCodec, v)
