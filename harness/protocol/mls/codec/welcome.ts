import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { readHpkeCiphertext, writeHpkeCiphertext, type HpkeCiphertext } from "./commit.ts"
import { readPreSharedKeyId, writePreSharedKeyId, type PreSharedKeyId } from "./psk.ts"

/** RFC 9420 §12.4.3 PathSecret. */
export interface PathSecret {
  pathSecret: Uint8Array
}

export const readPathSecret = (r: Reader): PathSecret => ({ pathSecret: r.opaque("path_secret") })
export const writePathSecret = (w: Writer, v: PathSecret) => w.opaque(v.pathSecret)

/** RFC 9420 §12.4.3 GroupSecrets. */
export interface GroupSecrets {
  joinerSecret: Uint8Array
  pathSecret?: PathSecret
  psks: PreSharedKeyId[]
}

export function readGroupSecrets(r: Reader): GroupSecrets {
  const joinerSecret = r.opaque("joiner_secret")
  const pathSecret = r.optional("path_secret", readPathSecret)
  const psks = r.vector("psks", readPreSharedKeyId)
  return pathSecret === undefined ? { joinerSecret, psks } : { joinerSecret, pathSecret, psks }
}

export function writeGroupSecrets(w: Writer, v: GroupSecrets): void {
  w.opaque(v.joinerSecret)
  w.optional(v.pathSecret, writePathSecret)
  w.vector(v.psks, writePreSharedKeyId)
}

/** RFC 9420 §12.4.3 EncryptedGroupSecrets; `newMember` is a KeyPackageRef. */
export interface EncryptedGroupSecrets {
  newMember: Uint8Array
  encryptedGroupSecrets: HpkeCiphertext
}

export function readEncryptedGroupSecrets(r: Reader): EncryptedGroupSecrets {
  const newMember = r.opaque("new_member")
  return { newMember, encryptedGroupSecrets: r.struct("encrypted_group_secrets", readHpkeCiphertext) }
}

export function writeEncryptedGroupSecrets(w: Writer, v: EncryptedGroupSecrets): void {
  w.opaque(v.newMember)
  writeHpkeCiphertext(w, v.encryptedGroupSecrets)
}

/** RFC 9420 §12.4.3 Welcome. */
export interface Welcome {
  cipherSuite: number
  secrets: EncryptedGroupSecrets[]
  encryptedGroupInfo: Uint8Array
}

export function readWelcome(r: Reader): Welcome {
  return {
    cipherSuite: r.u16("cipher_suite"),
    secrets: r.vector("secrets", readEncryptedGroupSecrets),
    encryptedGroupInfo: r.opaque("encrypted_group_info"),
  }
}

export function writeWelcome(w: Writer, v: Welcome): void {
  w.u16(v.cipherSuite)
  w.vector(v.secrets, writeEncryptedGroupSecrets)
  w.opaque(v.encryptedGroupInfo)
}

export const pathSecretCodec = codec("PathSecret", readPathSecret, writePathSecret)
export const groupSecretsCodec = codec("GroupSecrets", readGroupSecrets, writeGroupSecrets)
export const encryptedGroupSecretsCodec =
  codec("EncryptedGroupSecrets", readEncryptedGroupSecrets, writeEncryptedGroupSecrets)
export const welcomeCodec = codec("Welcome", readWelcome, writeWelcome)
export const decodePathSecret = (b: Uint8Array) => decode(pathSecretCodec, b)
export const encodePathSecret = (v: PathSecret) => encode(pathSecretCodec, v)
export const decodeGroupSecrets = (b: Uint8Array) => decode(groupSecretsCodec, b)
export const encodeGroupSecrets = (v: GroupSecrets) => encode(groupSecretsCodec, v)
export const decodeEncryptedGroupSecrets = (b: Uint8Array) => decode(encryptedGroupSecretsCodec, b)
export const encodeEncryptedGroupSecrets = (v: EncryptedGroupSecrets) => encode(encryptedGroupSecretsCodec, v)
export const decodeWelcome = (b: Uint8Array) => decode(welcomeCodec, b)
export const encodeWelcome = (v: Welcome) => encode(welcomeCodec, v)
