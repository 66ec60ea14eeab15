import { Writer } from "../../tls-syntax/index.ts"
import { writeAuthData, type FramedContent, type FramedContentAuthData } from "../codec/framed-content.ts"
import type { GroupContext } from "../codec/group-context.ts"
import type { PublicMessage } from "../codec/public-message.ts"
import { encodeFramedContentTbs } from "../codec/transcript.ts"
import type { WireFormat } from "../codec/enums.ts"
import { bytesEqual, concat } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { signWithLabel, verifyWithLabel } from "../crypto/labeled.ts"
import { fail, ok, type Outcome } from "./outcome.ts"

/** What a receiver needs to check a framed message in the current epoch (RFC 9420 §6). */
export interface EpochView {
  readonly cs: CipherSuite
  readonly groupContext: GroupContext
  readonly membershipKey: Uint8Array
  /** The signature key of a member leaf, or undefined when the leaf is blank or out of range. */
  signatureKeyOf(leafIndex: number): Uint8Array | undefined
  /** The signature key of entry `index` of the external_senders extension. */
  externalSenderKeyOf?(index: number): Uint8Array | undefined
}

export interface VerifiedContent {
  readonly wireFormat: WireFormat
  readonly content: FramedContent
  readonly auth: FramedContentAuthData
}

function authBytes(auth: FramedContentAuthData, contentType: FramedContent["contentType"]): Uint8Array {
  const w = new Writer()
  writeAuthData(w, auth, contentType)
  return w.finish()
}

/** Signs FramedContentTBS (§6.1) for a member sender. */
export function signContent(
  view: EpochView, wireFormat: WireFormat, content: FramedContent, signaturePrivateKey: Uint8Array,
): Uint8Array {
  return signWithLabel(view.cs, signaturePrivateKey, "FramedContentTBS",
    encodeFramedContentTbs(wireFormat, content, view.groupContext))
}

/** The key that must have signed the content (§6.1), by sender type; undefined when there is none. */
function signerKey(view: EpochView, content: FramedContent): Outcome<Uint8Array> {
  const sender = content.sender
  switch (sender.senderType) {
    case "member": {
      const key = view.signatureKeyOf(sender.leafIndex)
      return key === undefined
        ? fail("mls.framing.sender-is-member", `leaf ${sender.leafIndex} is not a member`)
        : ok(key)
    }
    case "external": {
      const key = view.externalSenderKeyOf?.(sender.senderIndex)
      return key === undefined ? fail("mls.framing.external-sender-known", `no external sender ${sender.senderIndex}`)
        : ok(key)
    }
    case "new_member_commit":
      return content.contentType === "commit" && content.commit.path !== undefined
        ? ok(content.commit.path.leafNode.signatureKey)
        : fail("mls.framing.sender-content-type", "a new_member_commit sender must send a Commit with a path")
    case "new_member_proposal":
      return content.contentType === "proposal" && content.proposal.proposalType === "add"
        ? ok(content.proposal.keyPackage.leafNode.signatureKey)
        : fail("mls.framing.sender-content-type", "a new_member_proposal sender must send an Add proposal")
  }
}

/** Verifies the content signature with the key the sender type designates (§6.1). */
export function verifyContentSignature(view: EpochView, verified: VerifiedContent): Outcome<VerifiedContent> {
  const key = signerKey(view, verified.content)
  if (!key.ok) return key
  const tbs = encodeFramedContentTbs(verified.wireFormat, verified.content, view.groupContext)
  if (!verifyWithLabel(view.cs, key.value, "FramedContentTBS", tbs, verified.auth.signature)) {
    const who = verified.content.sender.senderType
    return fail("mls.framing.signature-valid", `signature of the ${who} sender does not verify`)
  }
  return ok(verified)
}

const membershipTag = (view: EpochView, content: FramedContent, auth: FramedContentAuthData) =>
  view.cs.mac(view.membershipKey, concat(
    encodeFramedContentTbs("mls_public_message", content, view.groupContext), authBytes(auth, content.contentType)))

/** The message belongs to this group and epoch (§6). */
export function checkEpoch(view: EpochView, groupId: Uint8Array, epoch: bigint): Outcome<true> {
  if (!bytesEqual(groupId, view.groupContext.groupId)) return fail("mls.framing.group-id-matches", "group_id differs")
  if (epoch !== view.groupContext.epoch) {
    return fail("mls.framing.epoch-matches", `epoch ${epoch}, group is at ${view.groupContext.epoch}`)
  }
  return ok(true)
}

/** Unprotects a PublicMessage from a member: group and epoch, membership tag, signature (§6.2). */
export function verifyPublicMessage(view: EpochView, msg: PublicMessage): Outcome<VerifiedContent> {
  const { content, auth } = msg
  const epoch = checkEpoch(view, content.groupId, content.epoch)
  if (!epoch.ok) return epoch
  if (content.contentType === "application") {
    return fail("mls.framing.application-not-public", "application data sent as a PublicMessage")
  }
  if (content.sender.senderType === "member") {
    const tag = membershipTag(view, content, auth)
    if (msg.membershipTag === undefined || !bytesEqual(tag, msg.membershipTag)) {
      return fail("mls.framing.membership-tag-valid", "membership_tag does not match")
    }
  }
  return verifyContentSignature(view, { wireFormat: "mls_public_message", content, auth })
}

/**
 * Protects content as a PublicMessage from a member. Application data is refused (§6.2), and the
 * caller supplies the confirmation tag of a commit.
 */
export function protectPublic(
  view: EpochView, content: FramedContent, signaturePrivateKey: Uint8Array, confirmationTag?: Uint8Array,
): Outcome<PublicMessage> {
  if (content.contentType === "application") {
    return fail("mls.framing.application-not-public", "application data cannot be sent as a PublicMessage")
  }
  const signature = signContent(view, "mls_public_message", content, signaturePrivateKey)
  const auth: FramedContentAuthData = confirmationTag === undefined ? { signature } : { signature, confirmationTag }
  return ok({ content, auth, membershipTag: membershipTag(view, content, auth) })
}
