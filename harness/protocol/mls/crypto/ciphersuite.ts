/**
 * The contract every MLS ciphersuite implementation of the oracle fulfils (RFC 9420 §5.1).
 * All operations are synchronous: the oracle runs on node:crypto (OpenSSL), which is
 * 8–45× faster than pure-JS curves and avoids the async hop of WebCrypto.
 *
 * Verification never throws on bad input: a malformed key or signature is simply `false`.
 */
export interface CipherSuite {
  /** RFC 9420 §17.1 value, 1–7. */
  readonly id: number
  readonly name: string
  /** Hash output length (Nh), KDF output length (Nh for HKDF), AEAD key and nonce lengths. */
  readonly hashLength: number
  readonly aeadKeyLength: number
  readonly aeadNonceLength: number
  /** Npk and Nsk of the KEM (raw HPKE key sizes). */
  readonly hpkePublicKeyLength: number
  readonly hpkePrivateKeyLength: number

  hash(data: Uint8Array): Uint8Array
  mac(key: Uint8Array, data: Uint8Array): Uint8Array
  kdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array
  kdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array

  aeadSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array
  /** Returns undefined when the tag does not verify. */
  aeadOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined

  /** Signature scheme (Ed25519, Ed448, ECDSA P-256/384/521). Raw key encodings as in MLS. */
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean
  /** undefined when the private key is not valid for the scheme. */
  signaturePublicKey(privateKey: Uint8Array): Uint8Array | undefined

  /** HPKE (RFC 9180) base mode with this suite's KEM, KDF and AEAD; undefined for an invalid public key. */
  hpkeSeal(publicKey: Uint8Array, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array):
    { kemOutput: Uint8Array; ciphertext: Uint8Array } | undefined
  /** Returns undefined when decapsulation or the AEAD fails. */
  hpkeOpen(privateKey: Uint8Array, kemOutput: Uint8Array, info: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array):
    Uint8Array | undefined
  /** DeriveKeyPair(ikm) of the suite's KEM (RFC 9180 §7.1.3). */
  deriveKeyPair(ikm: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array }
  /** The HPKE public key of a raw private key; undefined when the key is invalid. */
  hpkePublicKey(privateKey: Uint8Array): Uint8Array | undefined
  /** SetupBaseS + Export: the external-init side of external_pub (RFC 9420 §8.3). */
  hpkeSendExport(publicKey: Uint8Array, info: Uint8Array, exporterContext: Uint8Array, length: number):
    { kemOutput: Uint8Array; secret: Uint8Array } | undefined
  /** SetupBaseR + Export: the group's side of an ExternalInit proposal. */
  hpkeReceiveExport(privateKey: Uint8Array, kemOutput: Uint8Array, info: Uint8Array, exporterContext: Uint8Array,
    length: number): Uint8Array | undefined
}
