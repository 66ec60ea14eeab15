import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import {
  decodeMlsMessage, encodeCommit, encodeProposal, type FramedContent,
} from "../../harness/protocol/mls/codec/index.ts"
import { SecretTree } from "../../harness/protocol/mls/schedule/secret-tree.ts"
import { protectPublic, verifyPublicMessage, type VerifiedContent } from "../../harness/protocol/mls/message/public.ts"
import { protectPrivate, unprotectPrivate, type PrivateEpochView } from "../../harness/protocol/mls/message/private.ts"
import type { Outcome } from "../../harness/protocol/mls/message/outcome.ts"

interface ProtectionCase {
  cipher_suite: number; group_id: string; epoch: number; tree_hash: string; confirmed_transcript_hash: string
  signature_priv: string; signature_pub: string; encryption_secret: string; sender_data_secret: string
  membership_key: string; proposal: string; proposal_pub: string; proposal_priv: string
  commit: string; commit_pub: string; commit_priv: string; application: string; application_priv: string
}
const cases = loadVectorFile<ProtectionCase[]>("mls/message-protection.json")

function viewOf(c: ProtectionCase): PrivateEpochView {
  const cs = cipherSuite(c.cipher_suite)!
  return {
    cs,
    groupContext: {
      version: 1, cipherSuite: c.cipher_suite, groupId: fromHex(c.group_id), epoch: BigInt(c.epoch),
      treeHash: fromHex(c.tree_hash), confirmedTranscriptHash: fromHex(c.confirmed_transcript_hash), extensions: [],
    },
    membershipKey: fromHex(c.membership_key),
    signatureKeyOf: (leaf) => (leaf === 1 ? fromHex(c.signature_pub) : undefined),
    secretTree: new SecretTree(cs, fromHex(c.encryption_secret), 2),
    senderDataSecret: fromHex(c.sender_data_secret),
  }
}

function rawOf(content: FramedContent): string {
  if (content.contentType === "proposal") return hex(encodeProposal(content.proposal))
  if (content.contentType === "commit") return hex(encodeCommit(content.commit))
  return hex(content.applicationData)
}

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`${o.rule}: ${o.detail}`)
  return o.value
}

function message(bytes: string) {
  const m = decodeMlsMessage(fromHex(bytes))
  if (!m.ok) throw new Error(m.error.code)
  return m.value
}

function publicOf(bytes: string) {
  const m = message(bytes)
  if (m.wireFormat !== "mls_public_message") throw new Error("not a PublicMessage")
  return m.publicMessage
}

function privateOf(bytes: string) {
  const m = message(bytes)
  if (m.wireFormat !== "mls_private_message") throw new Error("not a PrivateMessage")
  return m.privateMessage
}

describe("message-protection.json", () => {
  it("has 7 cases", () => expect(cases.length).toBe(7))

  describe.each(cases.map((c) => [`cs=${c.cipher_suite}`, c] as const))("%s", (_id, c) => {
    const priv = fromHex(c.signature_priv)

    it.each(["proposal", "commit"] as const)("%s: PublicMessage unprotects, and protect → unprotect", (kind) => {
      const view = viewOf(c)
      const got: VerifiedContent = value(verifyPublicMessage(view, publicOf(c[`${kind}_pub`])))
      expect(rawOf(got.content)).toBe(c[kind])
      const again = value(protectPublic(view, got.content, priv, got.auth.confirmationTag))
      expect(rawOf(value(verifyPublicMessage(view, again)).content)).toBe(c[kind])
      const tampered = { ...again, membershipTag: again.membershipTag!.map((b, i) => (i === 0 ? b ^ 1 : b)) }
      expect(verifyPublicMessage(view, tampered)).toMatchObject({ ok: false, rule: "mls.framing.membership-tag-valid" })
    })

    const kinds = ["proposal", "commit", "application"] as const
    it.each(kinds)("%s: PrivateMessage unprotects, and protect → unprotect", (kind) => {
      const view = viewOf(c)
      const got = value(unprotectPrivate(view, privateOf(c[`${kind}_priv`])))
      expect(rawOf(got.content)).toBe(c[kind])
      const sealed = value(protectPrivate(viewOf(c), got.content, priv, {
        generation: got.generation + 3, paddingLength: 7,
        ...(got.auth.confirmationTag === undefined ? {} : { confirmationTag: got.auth.confirmationTag }),
      }))
      const back = value(unprotectPrivate(viewOf(c), sealed))
      expect(rawOf(back.content)).toBe(c[kind])
      expect(back.generation).toBe(got.generation + 3)
      if (kind === "application") {
        expect(protectPublic(view, got.content, priv))
          .toMatchObject({ ok: false, rule: "mls.framing.application-not-public" })
      }
    })

    it("rejects a wrong epoch, a tampered ciphertext and a wrong sender-data secret", () => {
      const view = viewOf(c)
      const m = privateOf(c.application_priv)
      expect(unprotectPrivate(view, { ...m, epoch: m.epoch + 1n })).toMatchObject({ rule: "mls.framing.epoch-matches" })
      const ct = m.ciphertext.slice()
      ct[ct.length - 1]! ^= 1
      expect(unprotectPrivate(view, { ...m, ciphertext: ct })).toMatchObject({ ok: false })
      const other = { ...view, senderDataSecret: fromHex(c.encryption_secret) }
      expect(unprotectPrivate(other, m)).toMatchObject({ rule: "mls.framing.sender-data-decrypts" })
      expect(unprotectPrivate({ ...view, signatureKeyOf: () => undefined }, m))
        .toMatchObject({ rule: "mls.framing.sender-is-member" })
    })

    it("rejects a bad signature behind a valid membership tag", () => {
      const view = viewOf(c)
      const got = value(verifyPublicMessage(view, publicOf(c.proposal_pub)))
      const otherKey = cipherSuite(c.cipher_suite)!.deriveKeyPair(fromHex("55".repeat(32)))
      const signer = c.cipher_suite === 4 || c.cipher_suite === 6 ? fromHex("66".repeat(57)) : otherKey.privateKey
      const forged = value(protectPublic(view, got.content, signer))
      expect(verifyPublicMessage(view, forged)).toMatchObject({ rule: "mls.framing.signature-valid" })
    })
  })
})
