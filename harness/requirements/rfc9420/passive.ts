import { defineRequirements, RFC9420 } from "../define.ts"

/** What a client library must do when it is handed the passive-client and welcome vectors. */
export const passiveRequirements = defineRequirements(RFC9420, {
  "mls.welcome.join-succeeds": {
    level: "MUST",
    section: "12.4.3.1",
    paraphrase: true,
    text:
      "A new member that receives a valid Welcome for one of its KeyPackages decrypts the group secrets, " +
      "verifies the GroupInfo and the ratchet tree, and joins the group.",
  },
  "mls.epoch.authenticator-agrees": {
    level: "MUST",
    section: "8.7",
    paraphrase: true,
    text:
      "Members in the same epoch derive the same epoch_authenticator from the key schedule; a joiner's value " +
      "equals the one the group computed.",
  },
  "mls.commit.valid-commit-processed": {
    level: "MUST",
    section: "12.4.2",
    paraphrase: true,
    text:
      "A member that receives a valid Commit (with its proposals, by value or by reference) applies it and " +
      "advances to the next epoch.",
  },
  "mls.welcome.group-secrets-decrypt": {
    level: "MUST",
    section: "12.4.3.1",
    paraphrase: true,
    text:
      "The new member finds the EncryptedGroupSecrets whose new_member is the reference of its KeyPackage, " +
      "decrypts it with the private key of the KeyPackage's init_key, and decrypts the GroupInfo with the key " +
      "and nonce derived from the welcome_secret.",
  },
  "mls.welcome.group-info-signature-verified": {
    level: "MUST",
    section: "12.4.3.1",
    paraphrase: true,
    text:
      "The new member verifies the GroupInfo signature over GroupInfoTBS with the signer's signature key and " +
      "refuses the Welcome if it does not verify.",
  },
  "mls.welcome.confirmation-tag-verified": {
    level: "MUST",
    section: "12.4.3.1",
    paraphrase: true,
    text:
      "The new member recomputes the confirmation tag from the new epoch's confirmation_key and the GroupContext's " +
      "confirmed_transcript_hash, and refuses the Welcome if it differs from the GroupInfo's confirmation_tag.",
  },
})
