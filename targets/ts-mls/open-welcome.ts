import type { CiphersuiteImpl } from "ts-mls"
import {
  decodeGroupInfo,
  extractWelcomeSecret,
  verifyGroupInfoConfirmationTag,
  verifyGroupInfoSignature,
} from "ts-mls/groupInfo.js"
import { makeKeyPackageRef } from "ts-mls/keyPackage.js"
import { decryptGroupSecrets, welcomeKey, welcomeNonce } from "ts-mls/welcome.js"
import type { OpenedWelcome, OpenWelcomeRequest } from "../types.ts"
import { Unsupported } from "./crypto.ts"
import { decodeWhole, keyPackageOf, Refused, welcomeOf } from "./wire.ts"

/**
 * The welcome.json procedure with ts-mls's own building blocks: find and decrypt the GroupSecrets
 * for the KeyPackage, decrypt the GroupInfo with the welcome key (no PSKs), then let ts-mls verify
 * the signature and the confirmation tag. The GroupInfo is returned as decrypted, not re-encoded.
 */
export async function openWelcome(impl: CiphersuiteImpl, request: OpenWelcomeRequest): Promise<OpenedWelcome> {
  const keyPackage = keyPackageOf(request.keyPackage)
  const welcome = welcomeOf(request.welcome)
  const ref = await makeKeyPackageRef(keyPackage, impl.hash)
  const initKey = await impl.hpke.importPrivateKey(request.initPriv)
  const secrets = await decryptGroupSecrets(initKey, ref, welcome, impl.hpke)
  if (secrets === undefined) throw new Refused("the decrypted GroupSecrets do not decode")
  if (secrets.psks.length > 0) throw new Unsupported("openWelcome takes no PSKs, and this Welcome needs some")
  const pskSecret = new Uint8Array(impl.kdf.size)
  const welcomeSecret = await extractWelcomeSecret(secrets.joinerSecret, pskSecret, impl.kdf)
  const key = await welcomeKey(welcomeSecret, impl)
  const nonce = await welcomeNonce(welcomeSecret, impl)
  const plaintext = await impl.hpke.decryptAead(key, nonce, undefined, welcome.encryptedGroupInfo)
  const groupInfo = decodeWhole(decodeGroupInfo, plaintext, "GroupInfo")
  return {
    groupInfo: Uint8Array.from(plaintext),
    signatureValid: await verdict(() => verifyGroupInfoSignature(groupInfo, request.signerPub, impl.signature)),
    confirmationTagValid: await verdict(() =>
      verifyGroupInfoConfirmationTag(groupInfo, secrets.joinerSecret, pskSecret, impl),
    ),
  }
}

// A verification that throws (e.g. on a malformed key) has not verified anything.
async function verdict(verify: () => Promise<boolean>): Promise<boolean> {
  try {
    return await verify()
  } catch {
    return false
  }
}
