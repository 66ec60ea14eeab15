import { createCipheriv, createDecipheriv, type CipherGCMTypes } from "node:crypto"

/** AEADs of the MLS cipher suites (RFC 9180 ids), on node:crypto. All tags are 16 bytes. */
export interface Aead {
  readonly id: number
  readonly keyLength: number
  readonly nonceLength: number
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array
  /** undefined when the tag does not verify or the inputs have the wrong size. */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined
}

const TAG = 16

function aead(id: number, algorithm: CipherGCMTypes | "chacha20-poly1305", keyLength: number): Aead {
  return {
    id,
    keyLength,
    nonceLength: 12,
    seal(key, nonce, aad, plaintext) {
      const c = createCipheriv(algorithm as CipherGCMTypes, key, nonce, { authTagLength: TAG })
      c.setAAD(aad, { plaintextLength: plaintext.length })
      const head = c.update(plaintext)
      const tail = c.final()
      const out = new Uint8Array(head.length + tail.length + TAG)
      out.set(head, 0)
      out.set(tail, head.length)
      out.set(c.getAuthTag(), head.length + tail.length)
      return out
    },
    open(key, nonce, aad, ciphertext) {
      if (key.length !== keyLength || nonce.length !== 12 || ciphertext.length < TAG) return undefined
      const body = ciphertext.subarray(0, ciphertext.length - TAG)
      try {
        const d = createDecipheriv(algorithm as CipherGCMTypes, key, nonce, { authTagLength: TAG })
        d.setAAD(aad, { plaintextLength: body.length })
        d.setAuthTag(ciphertext.subarray(ciphertext.length - TAG))
        const head = d.update(body)
        const tail = d.final()
        const out = new Uint8Array(head.length + tail.length)
        out.set(head, 0)
        out.set(tail, head.length)
        return out
      } catch {
        return undefined
      }
    },
  }
}

export const aes128gcm = aead(1, "aes-128-gcm", 16)
export const aes256gcm = aead(2, "aes-256-gcm", 32)
export const chacha20poly1305 = aead(3, "chacha20-poly1305", 32)
