import { encodePskLabel, type PreSharedKeyId } from "../codec/psk.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { expandWithLabel } from "../crypto/labeled.ts"

export interface ResolvedPsk {
  readonly id: PreSharedKeyId
  readonly psk: Uint8Array
}

/** psk_secret over the PSKs in proposal order (RFC 9420 §8.4); zero PSKs give the all-zero vector. */
export function derivePskSecret(cs: CipherSuite, psks: readonly ResolvedPsk[]): Uint8Array {
  const zero = new Uint8Array(cs.hashLength)
  let secret: Uint8Array = zero
  psks.forEach(({ id, psk }, index) => {
    const extracted = cs.kdfExtract(zero, psk)
    const input = expandWithLabel(cs, extracted, "derived psk", encodePskLabel(id, index, psks.length), cs.hashLength)
    secret = cs.kdfExtract(input, secret)
  })
  return secret
}
