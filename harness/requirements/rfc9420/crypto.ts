import { defineRequirements, RFC9420, type RequirementSpec } from "../define.ts"

/** Rules the suite's own MLS oracle enforces (framing, Welcome, commit processing, TreeKEM). */
const must = (section: string, text: string): RequirementSpec => ({ level: "MUST", section, text, paraphrase: true })

export const oracleRequirements = defineRequirements(RFC9420, {
  // §6 message framing and protection
  "mls.framing.decodes":
    must("6", "Handshake messages, SenderData and PrivateMessageContent decode under the RFC 9420 syntax."),
  "mls.framing.wire-format": must("6", "Proposals and commits arrive as PublicMessage or PrivateMessage."),
  "mls.framing.group-id-matches": must("6", "A message's group_id is the group's."),
  "mls.framing.epoch-matches": must("6", "A message's epoch is the receiver's current epoch."),
  "mls.framing.application-not-public": must("6.2", "Application data is never sent as a PublicMessage."),
  "mls.framing.membership-tag-valid": must("6.2",
    "A member's PublicMessage carries membership_tag = MAC(membership_key, AuthenticatedContentTBM)."),
  "mls.framing.signature-valid": must("6.1",
    "The FramedContentTBS signature verifies under the sender's signature key with label \"FramedContentTBS\"."),
  "mls.framing.sender-is-member": must("6.1", "A member sender's leaf_index names a non-blank leaf."),
  "mls.framing.sender-supported":
    must("6.3", "Only member senders use PrivateMessage; other senders sign with their own keys."),
  "mls.framing.external-sender-known":
    must("12.1.8.1", "An external sender's index names an entry of external_senders."),
  "mls.framing.sender-content-type": must("6",
    "new_member_commit senders send a Commit with a path; new_member_proposal senders send an Add."),
  "mls.framing.sender-data-decrypts": must("6.3.2",
    "SenderData decrypts with sender_data_key/nonce derived from the first Nh bytes of the ciphertext."),
  "mls.framing.generation-valid": must("9.1", "The generation is reachable in the sender's ratchet."),
  "mls.framing.content-decrypts": must("6.3.1",
    "PrivateMessageContent decrypts under the ratchet key and the nonce XORed with reuse_guard."),
  "mls.framing.padding-zero": must("6.3.1", "The padding of PrivateMessageContent is all zero bytes."),
  // §12.4.3.1 joining from a Welcome
  "mls.welcome.decodes": must("12.4.3", "Welcome, GroupSecrets, GroupInfo, KeyPackage and ratchet tree decode."),
  "mls.welcome.cipher-suite-matches":
    must("12.4.3.1", "The Welcome and the GroupContext use the KeyPackage's cipher suite."),
  "mls.welcome.key-package-listed":
    must("12.4.3.1", "The Welcome has an EncryptedGroupSecrets entry for the joiner's KeyPackageRef."),
  "mls.welcome.psk-known": must("12.4.3.1", "Every PSK listed in GroupSecrets is known to the joiner."),
  "mls.welcome.group-info-decrypts": must("12.4.3.1", "The GroupInfo decrypts under welcome_key and welcome_nonce."),
  "mls.welcome.confirmation-tag-valid": must("12.4.3.1",
    "The GroupInfo confirmation_tag equals MAC(confirmation_key, confirmed_transcript_hash)."),
  "mls.welcome.group-info-signature-valid":
    must("12.4.3.1", "The GroupInfo signature verifies under the signer's leaf key."),
  "mls.welcome.ratchet-tree-available":
    must("12.4.3.1", "The ratchet tree is in the GroupInfo or provided out of band."),
  "mls.welcome.signer-in-tree": must("12.4.3.1", "GroupInfo.signer names a non-blank leaf."),
  "mls.welcome.own-leaf-present": must("12.4.3.1", "The joiner's KeyPackage leaf is in the tree."),
  "mls.welcome.path-secret-valid": must("12.4.3.1",
    "Keys derived from the path_secret match the public keys from the common ancestor up the signer's path."),
  "mls.welcome.private-keys-match": must("12.4.3.1",
    "The joiner's private keys belong to the KeyPackage's init_key, encryption_key and signature_key."),
  // §12.4.2 commit processing, §12.1 proposals
  "mls.commit.proposal-message": must("12.4.2", "Messages referenced as proposals carry proposal content."),
  "mls.commit.content-type": must("12.4.2", "The message processed as a commit carries a Commit."),
  "mls.commit.sender-type": must("12.4", "Commits come from members or new_member_commit senders."),
  "mls.commit.proposal-ref-known": must("12.4.2", "Every ProposalRef names a proposal received in the epoch."),
  "mls.commit.path-required": must("12.4",
    "The path is present for empty commits and for Update, Remove, ExternalInit, GroupContextExtensions."),
  "mls.commit.external-init-valid": must("8.3", "An ExternalInit kem_output decapsulates with the external key pair."),
  "mls.commit.psk-known": must("8.4", "Every PSK a commit includes is known to the member."),
  "mls.commit.confirmation-tag-valid": must("12.4.2",
    "The commit's confirmation_tag equals MAC(confirmation_key, confirmed_transcript_hash) of the new epoch."),
  "mls.proposal.update-sender-member": must("12.1.2", "An Update proposal comes from a member."),
  "mls.proposal.remove-target-member": must("12.1.3", "A Remove names a non-blank leaf."),
  // §7.5–7.6 TreeKEM
  "mls.tree-kem.path-length-valid":
    must("7.6", "An UpdatePath has one node per node of the sender's filtered direct path."),
  "mls.tree-kem.parent-hash-valid": must("7.9.2", "The UpdatePath leaf's parent_hash matches the merged path."),
  "mls.tree-kem.receiver-covered": must("7.6", "Every member holds a key in the resolution it must decrypt from."),
  "mls.tree-kem.ciphertext-count":
    must("7.6", "encrypted_path_secret has one entry per resolution node, excluding new leaves."),
  "mls.tree-kem.path-secret-decrypts": must("7.6",
    "The path secret decrypts with DecryptWithLabel(key, \"UpdatePathNode\", provisional GroupContext, ...)."),
  "mls.tree-kem.public-key-matches": must("7.4", "Keys derived from path secrets match the UpdatePath public keys."),
})
