import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { readCommit, writeCommit, type Commit } from "./commit.ts"
import { CONTENT_TYPES, WIRE_FORMATS, wireValue, type ContentType, type WireFormat } from "./enums.ts"
import { readProposal, writeProposal, type Proposal } from "./proposal.ts"
import { readSender, writeSender, type Sender } from "./sender.ts"

/** The content_type select shared by FramedContent and PrivateMessageContent (§6). */
export type ContentBody =
  | { contentType: "application"; applicationData: Uint8Array }
  | { contentType: "proposal"; proposal: Proposal }
  | { contentType: "commit"; commit: Commit }

export function readContentBody(r: Reader, contentType: ContentType): ContentBody {
  switch (contentType) {
    case "application": return { contentType, applicationData: r.opaque("application_data") }
    case "proposal": return { contentType, proposal: r.struct("proposal", readProposal) }
    case "commit": return { contentType, commit: r.struct("commit", readCommit) }
  }
}

export function writeContentBody(w: Writer, v: ContentBody): void {
  if (v.contentType === "application") w.opaque(v.applicationData)
  else if (v.contentType === "proposal") writeProposal(w, v.proposal)
  else writeCommit(w, v.commit)
}

/** RFC 9420 §6 FramedContent. */
export type FramedContent = {
  groupId: Uint8Array
  epoch: bigint
  sender: Sender
  authenticatedData: Uint8Array
} & ContentBody

export function readFramedContent(r: Reader): FramedContent {
  const groupId = r.opaque("group_id")
  const epoch = r.u64("epoch")
  const sender = r.struct("sender", readSender)
  const authenticatedData = r.opaque("authenticated_data")
  const contentType = r.enum("content_type", 1, CONTENT_TYPES)
  return { groupId, epoch, sender, authenticatedData, ...readContentBody(r, contentType) }
}

export function writeFramedContent(w: Writer, v: FramedContent): void {
  w.opaque(v.groupId)
  w.u64(v.epoch)
  writeSender(w, v.sender)
  w.opaque(v.authenticatedData)
  w.u8(wireValue(CONTENT_TYPES, v.contentType))
  writeContentBody(w, v)
}

/** RFC 9420 §6.1 FramedContentAuthData: confirmation_tag is present exactly for commits. */
export interface FramedContentAuthData {
  signature: Uint8Array
  confirmationTag?: Uint8Array
}

export function readAuthData(r: Reader, contentType: ContentType): FramedContentAuthData {
  const signature = r.opaque("signature")
  return contentType === "commit" ? { signature, confirmationTag: r.opaque("confirmation_tag") } : { signature }
}

export function writeAuthData(w: Writer, v: FramedContentAuthData, contentType: ContentType): void {
  w.opaque(v.signature)
  if (contentType !== "commit") return
  if (v.confirmationTag === undefined) throw new RangeError("a commit's FramedContentAuthData needs confirmation_tag")
  w.opaque(v.confirmationTag)
}

/** RFC 9420 §6.1 AuthenticatedContent. */
export interface AuthenticatedContent {
  wireFormat: WireFormat
  content: FramedContent
  auth: FramedContentAuthData
}

export function readAuthenticatedContent(r: Reader): AuthenticatedContent {
  const wireFormat = r.enum("wire_format", 2, WIRE_FORMATS)
  const content = r.struct("content", readFramedContent)
  return { wireFormat, content, auth: r.struct("auth", (r) => readAuthData(r, content.contentType)) }
}

export function writeAuthenticatedContent(w: Writer, v: AuthenticatedContent): void {
  w.u16(wireValue(WIRE_FORMATS, v.wireFormat))
  writeFramedContent(w, v.content)
  writeAuthData(w, v.auth, v.content.contentType)
}

export const framedContentCodec = codec("FramedContent", readFramedContent, writeFramedContent)
export const authenticatedContentCodec =
  codec("AuthenticatedContent", readAuthenticatedContent, writeAuthenticatedContent)
export const decodeFramedContent = (b: Uint8Array) => decode(framedContentCodec, b)
export const encodeFramedContent = (v: FramedContent) => encode(framedContentCodec, v)
export const decodeAuthenticatedContent = (b: Uint8Array) => decode(authenticatedContentCodec, b)
export const encodeAuthenticatedContent = (v: AuthenticatedContent) => encode(authenticatedContentCodec, v)
