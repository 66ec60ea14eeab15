import { aes128gcm, aes256gcm, chacha20poly1305, type Aead } from "./aead.ts"
import type { CipherSuite } from "./ciphersuite.ts"
import { digest, hashLengths, hkdfExpand, hkdfExtract, hmac, type HashName } from "./hash.ts"
import { hpke } from "./hpke.ts"
import { kems } from "./kem.ts"
import { signatureSchemes, type SignatureScheme } from "./signature.ts"

/** The seven cipher suites of RFC 9420 §17.1. */
export const CIPHER_SUITE_IDS = [1, 2, 3, 4, 5, 6, 7] as const

const KDF_IDS: Record<HashName, number> = { sha256: 1, sha384: 2, sha512: 3 }

function build(
  id: number, name: string, kemId: number, hash: HashName, aead: Aead, signature: SignatureScheme,
): CipherSuite {
  const kem = kems[kemId]!
  const h = hpke(kem, KDF_IDS[hash], hash, aead)
  return {
    id,
    name,
    hashLength: hashLengths[hash],
    aeadKeyLength: aead.keyLength,
    aeadNonceLength: aead.nonceLength,
    hpkePublicKeyLength: kem.publicKeyLength,
    hpkePrivateKeyLength: kem.privateKeyLength,
    hash: (data) => digest(hash, data),
    mac: (key, data) => hmac(hash, key, data),
    kdfExtract: (salt, ikm) => hkdfExtract(hash, salt, ikm),
    kdfExpand: (prk, info, length) => hkdfExpand(hash, prk, info, length),
    aeadSeal: aead.seal,
    aeadOpen: aead.open,
    sign: signature.sign,
    verify: signature.verify,
    signaturePublicKey: signature.publicKeyOf,
    hpkeSeal: h.seal,
    hpkeOpen: h.open,
    deriveKeyPair: kem.deriveKeyPair,
    hpkePublicKey: kem.publicKeyOf,
    hpkeSendExport: h.sendExport,
    hpkeReceiveExport: h.receiveExport,
  }
}

const suites = new Map<number, CipherSuite>()

/** The suite with this RFC 9420 id, or undefined for an id the oracle does not know. */
export function cipherSuite(id: number): CipherSuite | undefined {
  let suite = suites.get(id)
  if (suite === undefined) {
    suite = create(id)
    if (suite !== undefined) suites.set(id, suite)
  }
  return suite
}

function create(id: number): CipherSuite | undefined {
  const s = signatureSchemes
  switch (id) {
    case 1: return build(1, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", 0x20, "sha256", aes128gcm, s.ed25519)
    case 2: return build(2, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256", 0x10, "sha256", aes128gcm, s.p256)
    case 3: return build(3, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", 0x20, "sha256", chacha20poly1305,
      s.ed25519)
    case 4: return build(4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448", 0x21, "sha512", aes256gcm, s.ed448)
    case 5: return build(5, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521", 0x12, "sha512", aes256gcm, s.p521)
    case 6: return build(6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448", 0x21, "sha512", chacha20poly1305,
      s.ed448)
    case 7: return build(7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384", 0x11, "sha384", aes256gcm, s.p384)
    default: return undefined
  }
}
