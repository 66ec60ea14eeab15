import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { deriveSecret, expandWithLabel } from "../crypto/labeled.ts"

/** The secrets of one epoch (RFC 9420 §8, Table 4), plus the joiner and welcome secrets. */
export interface EpochSecrets {
  readonly joinerSecret: Uint8Array
  readonly welcomeSecret: Uint8Array
  readonly epochSecret: Uint8Array
  readonly senderDataSecret: Uint8Array
  readonly encryptionSecret: Uint8Array
  readonly exporterSecret: Uint8Array
  readonly externalSecret: Uint8Array
  readonly confirmationKey: Uint8Array
  readonly membershipKey: Uint8Array
  readonly resumptionPsk: Uint8Array
  readonly epochAuthenticator: Uint8Array
  readonly initSecret: Uint8Array
}

const zeros = (cs: CipherSuite) => new Uint8Array(cs.hashLength)

/** joiner_secret = ExpandWithLabel(Extract(init_secret, commit_secret), "joiner", GroupContext, Nh). */
export function deriveJoinerSecret(
  cs: CipherSuite, initSecret: Uint8Array, commitSecret: Uint8Array | undefined, groupContext: Uint8Array,
): Uint8Array {
  const prk = cs.kdfExtract(initSecret, commitSecret ?? zeros(cs))
  return expandWithLabel(cs, prk, "joiner", groupContext, cs.hashLength)
}

/** Everything below the joiner secret; a missing PSK secret is the all-zero vector. */
export function deriveEpochSecrets(
  cs: CipherSuite, joinerSecret: Uint8Array, pskSecret: Uint8Array | undefined, groupContext: Uint8Array,
): EpochSecrets {
  const member = cs.kdfExtract(joinerSecret, pskSecret ?? zeros(cs))
  const epochSecret = expandWithLabel(cs, member, "epoch", groupContext, cs.hashLength)
  const d = (label: string) => deriveSecret(cs, epochSecret, label)
  return {
    joinerSecret,
    welcomeSecret: deriveSecret(cs, member, "welcome"),
    epochSecret,
    senderDataSecret: d("sender data"),
    encryptionSecret: d("encryption"),
    exporterSecret: d("exporter"),
    externalSecret: d("external"),
    confirmationKey: d("confirm"),
    membershipKey: d("membership"),
    resumptionPsk: d("resumption"),
    epochAuthenticator: d("authentication"),
    initSecret: d("init"),
  }
}

/** welcome_secret = DeriveSecret(Extract(joiner_secret, psk_secret), "welcome"). */
export function deriveWelcomeSecret(cs: CipherSuite, joinerSecret: Uint8Array, pskSecret: Uint8Array | undefined) {
  return deriveSecret(cs, cs.kdfExtract(joinerSecret, pskSecret ?? zeros(cs)), "welcome")
}

/** One step of the key schedule from the previous epoch's init_secret. */
export function advanceEpoch(
  cs: CipherSuite, initSecret: Uint8Array, commitSecret: Uint8Array | undefined, pskSecret: Uint8Array | undefined,
  groupContext: Uint8Array,
): EpochSecrets {
  return deriveEpochSecrets(cs, deriveJoinerSecret(cs, initSecret, commitSecret, groupContext), pskSecret, groupContext)
}

/** MLS-Exporter(Label, Context, Length), §8.5. */
export function mlsExporter(
  cs: CipherSuite, exporterSecret: Uint8Array, label: string, context: Uint8Array, length: number,
): Uint8Array {
  return expandWithLabel(cs, deriveSecret(cs, exporterSecret, label), "exported", cs.hash(context), length)
}

/** The external_pub key pair: KEM.DeriveKeyPair(external_secret), §8.3. */
export function externalKeyPair(cs: CipherSuite, externalSecret: Uint8Array) {
  return cs.deriveKeyPair(externalSecret)
}

/** welcome_key and welcome_nonce (§12.4.3.1). */
export function welcomeKeyNonce(cs: CipherSuite, welcomeSecret: Uint8Array) {
  const empty = new Uint8Array(0)
  return {
    key: expandWithLabel(cs, welcomeSecret, "key", empty, cs.aeadKeyLength),
    nonce: expandWithLabel(cs, welcomeSecret, "nonce", empty, cs.aeadNonceLength),
  }
}

/** confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash), §8.2. */
export const confirmationTag = (cs: CipherSuite, confirmationKey: Uint8Array, confirmedTranscriptHash: Uint8Array) =>
  cs.mac(confirmationKey, confirmedTranscriptHash)
