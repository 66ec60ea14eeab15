import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { deriveTreeSecret, expandWithLabel } from "../crypto/labeled.ts"
import { left, right, root } from "../tree/math.ts"

export type RatchetType = "handshake" | "application"

export interface KeyNonce {
  readonly key: Uint8Array
  readonly nonce: Uint8Array
}

interface Ratchet {
  readonly start: Uint8Array
  generation: number
  secret: Uint8Array
}

const LEFT = new TextEncoder().encode("left")
const RIGHT = new TextEncoder().encode("right")

/** Largest forward jump a single lookup may take (a bound against hostile generation numbers). */
export const MAX_GENERATION_GAP = 100_000

/**
 * The secret tree of RFC 9420 §9 with its per-leaf hash ratchets. Node secrets are derived lazily
 * along the direct path of each leaf asked for. The oracle keeps each ratchet's starting secret, so
 * any generation can be re-derived (it checks, it does not have to forget).
 */
export class SecretTree {
  private readonly width: number
  private readonly ratchets = new Map<string, Ratchet>()
  private readonly leafSecrets = new Map<number, Uint8Array>()

  constructor(private readonly cs: CipherSuite, private readonly encryptionSecret: Uint8Array, leafCount: number) {
    let width = 1
    while (width < leafCount) width *= 2
    this.width = width
  }

  get leafCount(): number {
    return this.width
  }

  /** Key and nonce of `leaf`'s ratchet at `generation`; undefined for a leaf outside the tree or a huge jump. */
  keyNonce(leaf: number, type: RatchetType, generation: number): KeyNonce | undefined {
    if (!Number.isInteger(leaf) || leaf < 0 || leaf >= this.width) return undefined
    const id = `${leaf}/${type}`
    let r = this.ratchets.get(id)
    if (r === undefined) {
      const start = expandWithLabel(this.cs, this.leafSecret(leaf), type, new Uint8Array(0), this.cs.hashLength)
      r = { start, generation: 0, secret: start }
      this.ratchets.set(id, r)
    }
    if (generation < r.generation) {
      r.generation = 0
      r.secret = r.start
    }
    if (generation - r.generation > MAX_GENERATION_GAP) return undefined
    while (r.generation < generation) {
      r.secret = deriveTreeSecret(this.cs, r.secret, "secret", r.generation, this.cs.hashLength)
      r.generation++
    }
    return {
      key: deriveTreeSecret(this.cs, r.secret, "key", generation, this.cs.aeadKeyLength),
      nonce: deriveTreeSecret(this.cs, r.secret, "nonce", generation, this.cs.aeadNonceLength),
    }
  }

  private leafSecret(leaf: number): Uint8Array {
    let secret = this.leafSecrets.get(leaf)
    if (secret !== undefined) return secret
    const target = 2 * leaf
    let node = root(this.width)
    secret = this.encryptionSecret
    while (node !== target) {
      const goLeft = target < node
      secret = expandWithLabel(this.cs, secret, "tree", goLeft ? LEFT : RIGHT, this.cs.hashLength)
      node = goLeft ? left(node) : right(node)
    }
    this.leafSecrets.set(leaf, secret)
    return secret
  }
}

/** sender_data_key / sender_data_nonce from the first Nh bytes of the ciphertext (§6.3.2). */
export function senderDataKeyNonce(cs: CipherSuite, senderDataSecret: Uint8Array, ciphertext: Uint8Array): KeyNonce {
  const sample = ciphertext.subarray(0, Math.min(ciphertext.length, cs.hashLength))
  return {
    key: expandWithLabel(cs, senderDataSecret, "key", sample, cs.aeadKeyLength),
    nonce: expandWithLabel(cs, senderDataSecret, "nonce", sample, cs.aeadNonceLength),
  }
}
