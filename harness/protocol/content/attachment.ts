import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from "node:crypto"
import type { ContentRule } from "./rules.ts"
import type { ExternalPart } from "./types.ts"

/**
 * ExternalPart attachments (§4.5): AES-128-GCM over the blob with the part's key, nonce and aad,
 * and `contentHash` over the bytes stored at the URL, i.e. the ciphertext (our reading).
 */
export const ENC_ALG_NONE = 0
export const ENC_ALG_AES_128_GCM = 1
export const HASH_ALG_SHA256 = 1
const KEY_LENGTH = 16
const NONCE_LENGTH = 12
const TAG_LENGTH = 16

/** IANA Named Information hash algorithms that node:crypto computes in full. */
const HASHES: ReadonlyMap<number, string> = new Map([
  [1, "sha256"], [7, "sha384"], [8, "sha512"], [10, "sha3-256"], [11, "sha3-384"], [12, "sha3-512"],
])

export type AttachmentFields = Pick<ExternalPart, "encAlg" | "key" | "nonce" | "aad" | "hashAlg" | "contentHash">

export type Opened =
  | { ok: true; plaintext: Uint8Array }
  | { ok: false; rule: ContentRule; detail: string }

/** Hash of `data` under an IANA hash algorithm number; null when the algorithm is unknown here. */
export function computeContentHash(hashAlg: number, data: Uint8Array): Uint8Array | null {
  const name = HASHES.get(hashAlg)
  return name === undefined ? null : new Uint8Array(createHash(name).update(data).digest())
}

/** Encrypts a blob for upload; the returned fields go into the ExternalPart unchanged. */
export function sealAttachment(
  plaintext: Uint8Array,
  secrets: { key: Uint8Array; nonce: Uint8Array; aad?: Uint8Array },
  hashAlg = HASH_ALG_SHA256,
): { ciphertext: Uint8Array; fields: AttachmentFields } {
  const aad = secrets.aad ?? new Uint8Array(0)
  if (secrets.key.length !== KEY_LENGTH || secrets.nonce.length !== NONCE_LENGTH) {
    throw new RangeError(`AES-128-GCM needs a ${KEY_LENGTH}-octet key and a ${NONCE_LENGTH}-octet nonce`)
  }
  const cipher = createCipheriv("aes-128-gcm", secrets.key, secrets.nonce, { authTagLength: TAG_LENGTH })
  cipher.setAAD(aad)
  const ciphertext = new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]))
  const contentHash = computeContentHash(hashAlg, ciphertext)
  if (contentHash === null) throw new RangeError(`hash algorithm ${hashAlg} is not supported`)
  const fields = { encAlg: ENC_ALG_AES_128_GCM, key: secrets.key, nonce: secrets.nonce, aad, hashAlg, contentHash }
  return { ciphertext, fields }
}

/** Refusal shared by a tampered blob, a wrong key and a mismatched hash, so none can be told apart. */
const UNVERIFIED: Opened = { ok: false, rule: "content.external.integrity", detail: "attachment failed verification" }

/**
 * Verifies `contentHash` over the downloaded blob, then decrypts it. The plaintext comes out only if
 * both the hash and the GCM tag verify.
 */
export function openAttachment(fields: AttachmentFields, blob: Uint8Array): Opened {
  const hash = computeContentHash(fields.hashAlg, blob)
  if (hash === null) {
    return { ok: false, rule: "content.external.hash-alg-known", detail: `unknown hash algorithm ${fields.hashAlg}` }
  }
  if (fields.encAlg !== ENC_ALG_AES_128_GCM && fields.encAlg !== ENC_ALG_NONE) {
    return { ok: false, rule: "content.external.aes-128-gcm", detail: `unsupported encAlg ${fields.encAlg}` }
  }
  if (hash.length !== fields.contentHash.length || !timingSafeEqual(hash, fields.contentHash)) return UNVERIFIED
  if (fields.encAlg === ENC_ALG_NONE) return { ok: true, plaintext: blob }
  if (fields.key.length !== KEY_LENGTH || fields.nonce.length !== NONCE_LENGTH || blob.length < TAG_LENGTH) {
    return { ok: false, rule: "content.external.aes-128-gcm", detail: "key, nonce or blob too short for AES-128-GCM" }
  }
  try {
    const decipher = createDecipheriv("aes-128-gcm", fields.key, fields.nonce, { authTagLength: TAG_LENGTH })
    decipher.setAAD(fields.aad)
    decipher.setAuthTag(blob.subarray(blob.length - TAG_LENGTH))
    const body = decipher.update(blob.subarray(0, blob.length - TAG_LENGTH))
    return { ok: true, plaintext: new Uint8Array(Buffer.concat([body, decipher.final()])) }
  } catch {
    return UNVERIFIED
  }
}
