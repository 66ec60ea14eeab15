import type { ContentBody, FramedContent, FramedContentAuthData } from "../codec/framed-content.ts"
import {
  decodePrivateMessageContent, decodeSenderData, encodePrivateContentAad, encodePrivateMessageContent,
  encodeSenderData, encodeSenderDataAad, type PrivateMessage,
} from "../codec/private-message.ts"
import { randomBytes } from "node:crypto"
import { senderDataKeyNonce, type SecretTree } from "../schedule/secret-tree.ts"
import { fail, ok, type Outcome } from "./outcome.ts"
import { checkEpoch, signContent, verifyContentSignature, type EpochView, type VerifiedContent } from "./public.ts"

/** The secrets a receiver of PrivateMessages holds for the epoch. */
export interface PrivateEpochView extends EpochView {
  readonly secretTree: SecretTree
  readonly senderDataSecret: Uint8Array
}

export interface UnprotectedPrivate extends VerifiedContent {
  readonly generation: number
  readonly reuseGuard: Uint8Array
}

function applyReuseGuard(nonce: Uint8Array, guard: Uint8Array): Uint8Array {
  const out = nonce.slice()
  for (let i = 0; i < 4; i++) out[i]! ^= guard[i]!
  return out
}

const ratchetOf = (contentType: FramedContent["contentType"]) =>
  contentType === "application" ? "application" : "handshake"

function bodyOf(c: FramedContent): ContentBody {
  switch (c.contentType) {
    case "application": return { contentType: c.contentType, applicationData: c.applicationData }
    case "proposal": return { contentType: c.contentType, proposal: c.proposal }
    case "commit": return { contentType: c.contentType, commit: c.commit }
  }
}

/** Decrypts sender data and content, checks the padding and the signature (§6.3). */
export function unprotectPrivate(view: PrivateEpochView, msg: PrivateMessage): Outcome<UnprotectedPrivate> {
  const { cs } = view
  const epoch = checkEpoch(view, msg.groupId, msg.epoch)
  if (!epoch.ok) return epoch
  const sd = senderDataKeyNonce(cs, view.senderDataSecret, msg.ciphertext)
  const senderDataBytes = cs.aeadOpen(sd.key, sd.nonce, encodeSenderDataAad(msg), msg.encryptedSenderData)
  if (senderDataBytes === undefined) return fail("mls.framing.sender-data-decrypts", "sender data does not decrypt")
  const senderData = decodeSenderData(senderDataBytes)
  if (!senderData.ok) {
    return fail("mls.framing.decodes", `SenderData: ${senderData.error.code} at ${senderData.error.fieldPath}`)
  }
  const { leafIndex, generation, reuseGuard } = senderData.value
  if (view.signatureKeyOf(leafIndex) === undefined) return fail("mls.framing.sender-is-member", `leaf ${leafIndex}`)
  const kn = view.secretTree.keyNonce(leafIndex, ratchetOf(msg.contentType), generation)
  if (kn === undefined) return fail("mls.framing.generation-valid", `generation ${generation} of leaf ${leafIndex}`)
  const plain = cs.aeadOpen(kn.key, applyReuseGuard(kn.nonce, reuseGuard), encodePrivateContentAad(msg), msg.ciphertext)
  if (plain === undefined) return fail("mls.framing.content-decrypts", `content of leaf ${leafIndex} does not decrypt`)
  const decoded = decodePrivateMessageContent(plain, msg.contentType)
  if (!decoded.ok) {
    const rule = decoded.error.code === "E_PADDING_NONZERO" ? "mls.framing.padding-zero" : "mls.framing.decodes"
    return fail(rule, `${decoded.error.code} at ${decoded.error.fieldPath}`)
  }
  const { auth, paddingLength: _padding, ...body } = decoded.value
  const content = {
    groupId: msg.groupId, epoch: msg.epoch, sender: { senderType: "member", leafIndex },
    authenticatedData: msg.authenticatedData, ...body,
  } as FramedContent
  const verified = verifyContentSignature(view, { wireFormat: "mls_private_message", content, auth })
  return verified.ok ? ok({ ...verified.value, generation, reuseGuard }) : verified
}

export interface ProtectOptions {
  readonly generation: number
  readonly reuseGuard?: Uint8Array
  readonly paddingLength?: number
  readonly confirmationTag?: Uint8Array
}

/** Protects member content as a PrivateMessage at the given ratchet generation (§6.3). */
export function protectPrivate(
  view: PrivateEpochView, content: FramedContent, signaturePrivateKey: Uint8Array, options: ProtectOptions,
): Outcome<PrivateMessage> {
  const { cs } = view
  if (content.sender.senderType !== "member") {
    return fail("mls.framing.sender-supported", "only members send PrivateMessages")
  }
  const leafIndex = content.sender.leafIndex
  const signature = signContent(view, "mls_private_message", content, signaturePrivateKey)
  const auth: FramedContentAuthData = options.confirmationTag === undefined ? { signature }
    : { signature, confirmationTag: options.confirmationTag }
  const plain = encodePrivateMessageContent({ ...bodyOf(content), auth, paddingLength: options.paddingLength ?? 0 })
  const kn = view.secretTree.keyNonce(leafIndex, ratchetOf(content.contentType), options.generation)
  if (kn === undefined) return fail("mls.framing.generation-valid", `generation ${options.generation}`)
  const reuseGuard = options.reuseGuard ?? new Uint8Array(randomBytes(4))
  const header = {
    groupId: content.groupId, epoch: content.epoch, contentType: content.contentType,
    authenticatedData: content.authenticatedData,
  }
  const ciphertext = cs.aeadSeal(kn.key, applyReuseGuard(kn.nonce, reuseGuard), encodePrivateContentAad(header), plain)
  const sd = senderDataKeyNonce(cs, view.senderDataSecret, ciphertext)
  const senderData = encodeSenderData({ leafIndex, generation: options.generation, reuseGuard })
  const encryptedSenderData = cs.aeadSeal(sd.key, sd.nonce, encodeSenderDataAad(header), senderData)
  return ok({ ...header, encryptedSenderData, ciphertext })
}
