import type { PreSharedKeyId } from "../codec/psk.ts"
import { decodeGroupInfo, encodeGroupInfoTbs, type GroupInfo } from "../codec/group-info.ts"
import { encodeGroupContext } from "../codec/group-context.ts"
import { decodeGroupSecrets, type GroupSecrets, type Welcome } from "../codec/welcome.ts"
import { bytesEqual } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { decryptWithLabel, refHash, verifyWithLabel } from "../crypto/labeled.ts"
import {
  confirmationTag, deriveEpochSecrets, deriveWelcomeSecret, welcomeKeyNonce, type EpochSecrets,
} from "../schedule/key-schedule.ts"
import { derivePskSecret, type ResolvedPsk } from "../schedule/psk.ts"
import { fail, ok, type Outcome } from "./outcome.ts"

/** KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage), §5.2. */
export const keyPackageRef = (cs: CipherSuite, keyPackage: Uint8Array) =>
  refHash(cs, "MLS 1.0 KeyPackage Reference", keyPackage)

export interface OpenedWelcome {
  readonly groupSecrets: GroupSecrets
  readonly groupInfo: GroupInfo
  readonly pskSecret: Uint8Array
  /** The epoch's secrets, derived from the joiner secret, the PSKs and the GroupInfo's GroupContext. */
  readonly epochSecrets: EpochSecrets
}

/**
 * Decrypts a Welcome for the KeyPackage `ref` (RFC 9420 §12.4.3.1): the group secrets with the init
 * key, the PSKs through `resolvePsk`, the GroupInfo with the welcome key, and checks the
 * GroupInfo's confirmation tag. The GroupInfo signature is checked by `verifyGroupInfo`, because
 * the signer's key lives in the ratchet tree.
 */
export function openWelcome(
  cs: CipherSuite, welcome: Welcome, ref: Uint8Array, initPrivateKey: Uint8Array,
  resolvePsk: (id: PreSharedKeyId) => Uint8Array | undefined,
): Outcome<OpenedWelcome> {
  if (welcome.cipherSuite !== cs.id) {
    return fail("mls.welcome.cipher-suite-matches", `Welcome uses suite ${welcome.cipherSuite}, KeyPackage ${cs.id}`)
  }
  const entry = welcome.secrets.find((s) => bytesEqual(s.newMember, ref))
  if (entry === undefined) return fail("mls.welcome.key-package-listed", "no EncryptedGroupSecrets for this KeyPackage")
  const { kemOutput, ciphertext } = entry.encryptedGroupSecrets
  const plain = decryptWithLabel(cs, initPrivateKey, "Welcome", welcome.encryptedGroupInfo, kemOutput, ciphertext)
  if (plain === undefined) return fail("mls.welcome.group-secrets-decrypt", "HPKE open of the group secrets failed")
  const secrets = decodeGroupSecrets(plain)
  if (!secrets.ok) {
    return fail("mls.welcome.decodes", `GroupSecrets: ${secrets.error.code} at ${secrets.error.fieldPath}`)
  }
  const psks: ResolvedPsk[] = []
  for (const id of secrets.value.psks) {
    const psk = resolvePsk(id)
    if (psk === undefined) return fail("mls.welcome.psk-known", `unknown ${id.pskType} PSK`)
    psks.push({ id, psk })
  }
  const pskSecret = derivePskSecret(cs, psks)
  const { key, nonce } = welcomeKeyNonce(cs, deriveWelcomeSecret(cs, secrets.value.joinerSecret, pskSecret))
  const infoBytes = cs.aeadOpen(key, nonce, new Uint8Array(0), welcome.encryptedGroupInfo)
  if (infoBytes === undefined) return fail("mls.welcome.group-info-decrypts", "AEAD open of the GroupInfo failed")
  const info = decodeGroupInfo(infoBytes)
  if (!info.ok) return fail("mls.welcome.decodes", `GroupInfo: ${info.error.code} at ${info.error.fieldPath}`)
  const groupInfo = info.value
  if (groupInfo.groupContext.cipherSuite !== cs.id) {
    return fail("mls.welcome.cipher-suite-matches", `GroupContext names suite ${groupInfo.groupContext.cipherSuite}`)
  }
  const epochSecrets = deriveEpochSecrets(cs, secrets.value.joinerSecret, pskSecret,
    encodeGroupContext(groupInfo.groupContext))
  const tag = confirmationTag(cs, epochSecrets.confirmationKey, groupInfo.groupContext.confirmedTranscriptHash)
  if (!bytesEqual(tag, groupInfo.confirmationTag)) {
    return fail("mls.welcome.confirmation-tag-valid", "GroupInfo confirmation_tag does not match the key schedule")
  }
  return ok({ groupSecrets: secrets.value, groupInfo, pskSecret, epochSecrets })
}

/** The GroupInfo signature by `signer` (§12.4.3). */
export function verifyGroupInfo(cs: CipherSuite, groupInfo: GroupInfo, signerPublicKey: Uint8Array): Outcome<true> {
  return verifyWithLabel(cs, signerPublicKey, "GroupInfoTBS", encodeGroupInfoTbs(groupInfo), groupInfo.signature)
    ? ok(true)
    : fail("mls.welcome.group-info-signature-valid", `GroupInfo signature of leaf ${groupInfo.signer} does not verify`)
}
