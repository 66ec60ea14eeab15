/** Verifiers of message-protection and welcome: unprotecting, protecting, and opening a Welcome. */
import * as c from "../../protocol/mls/codec/index.ts"
import { protectPrivate, unprotectPrivate, type PrivateEpochView } from "../../protocol/mls/message/private.ts"
import { protectPublic, verifyPublicMessage } from "../../protocol/mls/message/public.ts"
import { keyPackageRef, openWelcome, verifyGroupInfo } from "../../protocol/mls/message/welcome.ts"
import { SecretTree } from "../../protocol/mls/schedule/secret-tree.ts"
import { decoded, Fields, mismatch, same, value, verdictOf, type FamilyVerifier } from "./verdict.ts"

function viewOf(f: Fields): PrivateEpochView {
  const cs = f.suite()
  const signaturePub = f.bytes("signature_pub")
  return {
    cs,
    groupContext: {
      version: 1, cipherSuite: cs.id, groupId: f.bytes("group_id"), epoch: BigInt(f.num("epoch")),
      treeHash: f.bytes("tree_hash"), confirmedTranscriptHash: f.bytes("confirmed_transcript_hash"), extensions: [],
    },
    membershipKey: f.bytes("membership_key"),
    // The vectors' sender is leaf 1 of a two-leaf group.
    signatureKeyOf: (leaf) => (leaf === 1 ? signaturePub : undefined),
    secretTree: new SecretTree(cs, f.bytes("encryption_secret"), 2),
    senderDataSecret: f.bytes("sender_data_secret"),
  }
}

function contentBytes(content: c.FramedContent): Uint8Array {
  if (content.contentType === "proposal") return c.encodeProposal(content.proposal)
  if (content.contentType === "commit") return c.encodeCommit(content.commit)
  return content.applicationData
}

function message<W extends c.MlsMessage["wireFormat"]>(field: string, bytes: Uint8Array, wireFormat: W) {
  const m = decoded(field, c.mlsMessageCodec, bytes)
  if (m.wireFormat !== wireFormat) mismatch(`${field}.wire_format`, wireFormat, m.wireFormat)
  return m as Extract<c.MlsMessage, { wireFormat: W }>
}

export const messageProtection: FamilyVerifier = {
  family: "message-protection",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const priv = f.bytes("signature_priv")
    for (const kind of ["proposal", "commit"] as const) {
      const field = `${kind}_pub`
      const msg = message(field, f.bytes(field), "mls_public_message").publicMessage
      const got = value(field, verifyPublicMessage(viewOf(f), msg))
      same(kind, f.bytes(kind), contentBytes(got.content))
      const again = value(`${field} (protect)`, protectPublic(viewOf(f), got.content, priv, got.auth.confirmationTag))
      same(`${field} (protect, unprotect)`, f.bytes(kind),
        contentBytes(value(`${field} (protect, unprotect)`, verifyPublicMessage(viewOf(f), again)).content))
    }
    for (const kind of ["proposal", "commit", "application"] as const) {
      const field = `${kind}_priv`
      const msg = message(field, f.bytes(field), "mls_private_message").privateMessage
      const got = value(field, unprotectPrivate(viewOf(f), msg))
      same(kind, f.bytes(kind), contentBytes(got.content))
      const tag = got.auth.confirmationTag
      const sealed = value(`${field} (protect)`, protectPrivate(viewOf(f), got.content, priv,
        { generation: got.generation, ...(tag === undefined ? {} : { confirmationTag: tag }) }))
      same(`${field} (protect, unprotect)`, f.bytes(kind),
        contentBytes(value(`${field} (protect, unprotect)`, unprotectPrivate(viewOf(f), sealed)).content))
    }
  }),
}

export const welcome: FamilyVerifier = {
  family: "welcome",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const kp = f.bytes("key_package")
    message("key_package", kp, "mls_key_package")
    // The KeyPackage is wrapped in an MLSMessage: version (2 bytes) and wire_format (2 bytes) come first.
    const ref = keyPackageRef(cs, kp.subarray(4))
    const w = message("welcome", f.bytes("welcome"), "mls_welcome").welcome
    const opened = value("welcome", openWelcome(cs, w, ref, f.bytes("init_priv"), () => undefined))
    value("signer_pub", verifyGroupInfo(cs, opened.groupInfo, f.bytes("signer_pub")))
  }),
}
