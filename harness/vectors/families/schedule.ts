/** Verifiers of the key-schedule families: key-schedule, psk_secret, secret-tree, transcript-hashes. */
import { authenticatedContentCodec, encodeGroupContext } from "../../protocol/mls/codec/index.ts"
import {
  advanceEpoch, confirmationTag, externalKeyPair, mlsExporter, type EpochSecrets,
} from "../../protocol/mls/schedule/key-schedule.ts"
import { derivePskSecret } from "../../protocol/mls/schedule/psk.ts"
import { SecretTree, senderDataKeyNonce } from "../../protocol/mls/schedule/secret-tree.ts"
import { confirmedTranscriptHash, interimTranscriptHash } from "../../protocol/mls/schedule/transcript.ts"
import { decoded, Fields, mismatch, same, verdictOf, type FamilyVerifier } from "./verdict.ts"

const SECRETS: [string, keyof EpochSecrets][] = [
  ["joiner_secret", "joinerSecret"], ["welcome_secret", "welcomeSecret"], ["init_secret", "initSecret"],
  ["sender_data_secret", "senderDataSecret"], ["encryption_secret", "encryptionSecret"],
  ["exporter_secret", "exporterSecret"], ["epoch_authenticator", "epochAuthenticator"],
  ["external_secret", "externalSecret"], ["confirmation_key", "confirmationKey"],
  ["membership_key", "membershipKey"], ["resumption_psk", "resumptionPsk"],
]

export const keySchedule: FamilyVerifier = {
  family: "key-schedule",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    let initSecret = f.bytes("initial_init_secret")
    for (const [i, e] of f.list("epochs").entries()) {
      const gc = encodeGroupContext({
        version: 1, cipherSuite: cs.id, groupId: f.bytes("group_id"), epoch: BigInt(i),
        treeHash: e.bytes("tree_hash"), confirmedTranscriptHash: e.bytes("confirmed_transcript_hash"), extensions: [],
      })
      same(e.name("group_context"), e.bytes("group_context"), gc)
      const s = advanceEpoch(cs, initSecret, e.bytes("commit_secret"), e.bytes("psk_secret"), gc)
      for (const [field, key] of SECRETS) same(e.name(field), e.bytes(field), s[key])
      same(e.name("external_pub"), e.bytes("external_pub"), externalKeyPair(cs, s.externalSecret).publicKey)
      const x = e.sub("exporter")
      same(x.name("secret"), x.bytes("secret"),
        mlsExporter(cs, s.exporterSecret, x.text("label"), x.bytes("context"), x.num("length")))
      initSecret = s.initSecret
    }
  }),
}

export const pskSecret: FamilyVerifier = {
  family: "psk_secret",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const psks = f.list("psks").map((p) => ({
      id: { pskType: "external" as const, pskId: p.bytes("psk_id"), pskNonce: p.bytes("psk_nonce") },
      psk: p.bytes("psk"),
    }))
    same("psk_secret", f.bytes("psk_secret"), derivePskSecret(f.suite(), psks))
  }),
}

export const secretTree: FamilyVerifier = {
  family: "secret-tree",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const sd = f.sub("sender_data")
    const kn = senderDataKeyNonce(cs, sd.bytes("sender_data_secret"), sd.bytes("ciphertext"))
    same("sender_data.key", sd.bytes("key"), kn.key)
    same("sender_data.nonce", sd.bytes("nonce"), kn.nonce)
    const leaves = f.array("leaves")
    const tree = new SecretTree(cs, f.bytes("encryption_secret"), leaves.length)
    for (let leaf = 0; leaf < leaves.length; leaf++) {
      for (const e of leaves.at.list(leaf)) {
        const generation = e.num("generation")
        for (const type of ["handshake", "application"] as const) {
          const got = tree.keyNonce(leaf, type, generation)
          if (got === undefined) mismatch(e.name(`${type}_key`), e.text(`${type}_key`), "no key for this generation")
          same(e.name(`${type}_key`), e.bytes(`${type}_key`), got!.key)
          same(e.name(`${type}_nonce`), e.bytes(`${type}_nonce`), got!.nonce)
        }
      }
    }
  }),
}

export const transcriptHashes: FamilyVerifier = {
  family: "transcript-hashes",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const ac = decoded("authenticated_content", authenticatedContentCodec, f.bytes("authenticated_content"))
    same("authenticated_content.content_type", "commit", ac.content.contentType)
    const confirmed = confirmedTranscriptHash(cs, f.bytes("interim_transcript_hash_before"), ac.wireFormat,
      ac.content, ac.auth.signature)
    same("confirmed_transcript_hash_after", f.bytes("confirmed_transcript_hash_after"), confirmed)
    const tag = ac.auth.confirmationTag ?? mismatch("authenticated_content.confirmation_tag", "present", "absent")
    same("authenticated_content.confirmation_tag", tag, confirmationTag(cs, f.bytes("confirmation_key"), confirmed))
    same("interim_transcript_hash_after", f.bytes("interim_transcript_hash_after"),
      interimTranscriptHash(cs, confirmed, tag))
  }),
}
