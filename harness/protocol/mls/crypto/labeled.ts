import { concat, opaqueVec, uint16, uint32, utf8 } from "./bytes.ts"
import type { CipherSuite } from "./ciphersuite.ts"

/** The labeled functions of RFC 9420 §5.1.3, §5.2, §5.1.2 and §8 over a cipher suite. */
const MLS_PREFIX = utf8("MLS 1.0 ")
const EMPTY = new Uint8Array(0)
const fullLabel = (label: string) => concat(MLS_PREFIX, utf8(label))

/** RefHash(label, value) = Hash(RefHashInput), §5.2. The label is used as given. */
export function refHash(cs: CipherSuite, label: string, value: Uint8Array): Uint8Array {
  return cs.hash(concat(opaqueVec(utf8(label)), opaqueVec(value)))
}

/** ExpandWithLabel(Secret, Label, Context, Length), §8. */
export function expandWithLabel(
  cs: CipherSuite, secret: Uint8Array, label: string, context: Uint8Array, length: number,
): Uint8Array {
  const info = concat(uint16(length), opaqueVec(fullLabel(label)), opaqueVec(context))
  return cs.kdfExpand(secret, info, length)
}

export function deriveSecret(cs: CipherSuite, secret: Uint8Array, label: string): Uint8Array {
  return expandWithLabel(cs, secret, label, EMPTY, cs.hashLength)
}

/** DeriveTreeSecret(Secret, Label, Generation, Length), §9. */
export function deriveTreeSecret(
  cs: CipherSuite, secret: Uint8Array, label: string, generation: number, length: number,
): Uint8Array {
  return expandWithLabel(cs, secret, label, uint32(generation), length)
}

const signContent = (label: string, content: Uint8Array) => concat(opaqueVec(fullLabel(label)), opaqueVec(content))

/** SignWithLabel(SignatureKey, Label, Content), §5.1.2. */
export function signWithLabel(cs: CipherSuite, privateKey: Uint8Array, label: string, content: Uint8Array): Uint8Array {
  return cs.sign(privateKey, signContent(label, content))
}

export function verifyWithLabel(
  cs: CipherSuite, publicKey: Uint8Array, label: string, content: Uint8Array, signature: Uint8Array,
): boolean {
  return cs.verify(publicKey, signContent(label, content), signature)
}

/** EncryptWithLabel(PublicKey, Label, Context, Plaintext), §5.1.3; undefined for an invalid key. */
export function encryptWithLabel(
  cs: CipherSuite, publicKey: Uint8Array, label: string, context: Uint8Array, plaintext: Uint8Array,
): { kemOutput: Uint8Array; ciphertext: Uint8Array } | undefined {
  return cs.hpkeSeal(publicKey, signContent(label, context), EMPTY, plaintext)
}

/** DecryptWithLabel: undefined when decapsulation or decryption fails. */
export function decryptWithLabel(
  cs: CipherSuite, privateKey: Uint8Array, label: string, context: Uint8Array, kemOutput: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array | undefined {
  return cs.hpkeOpen(privateKey, kemOutput, signContent(label, context), EMPTY, ciphertext)
}
