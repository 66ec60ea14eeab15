import { encodeLeafNodeTbs } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { verifyWithLabel } from "../crypto/labeled.ts"
import type { Tree } from "./tree.ts"

/**
 * A batch of leaf signatures to verify off the main thread: for each leaf its LeafNodeTBS, signature
 * key and signature, packed into one buffer (u32 length + bytes, three times per leaf) that moves
 * to a worker thread without copying.
 */
export interface SignatureBatch {
  readonly suite: number
  readonly leaves: Int32Array
  readonly packed: Uint8Array
}

/** Packs the leaves at leaf indices [from, to) of the tree that are not blank. */
export function packBatch(
  suite: CipherSuite, tree: Tree, groupId: Uint8Array, from: number, to: number,
): SignatureBatch {
  const parts: Uint8Array[] = []
  const leaves: number[] = []
  let size = 0
  for (let i = from; i < to; i++) {
    const n = tree.nodes[i * 2]
    if (n?.nodeType !== "leaf") continue
    const leaf = n.leafNode
    const entry = [encodeLeafNodeTbs(leaf, { groupId, leafIndex: i }), leaf.signatureKey, leaf.signature]
    for (const p of entry) size += 4 + p.length
    parts.push(...entry)
    leaves.push(i)
  }
  const packed = new Uint8Array(size)
  const view = new DataView(packed.buffer)
  let at = 0
  for (const p of parts) {
    view.setUint32(at, p.length)
    packed.set(p, at + 4)
    at += 4 + p.length
  }
  return { suite: suite.id, leaves: Int32Array.from(leaves), packed }
}

/** Verifies a packed batch; returns the leaf indices whose signature does not verify. */
export function verifyBatch(suite: CipherSuite, batch: SignatureBatch): number[] {
  const { packed, leaves } = batch
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength)
  let at = 0
  const next = () => {
    const len = view.getUint32(at)
    const out = packed.subarray(at + 4, at + 4 + len)
    at += 4 + len
    return out
  }
  const bad: number[] = []
  for (const leaf of leaves) {
    const [tbs, key, signature] = [next(), next(), next()]
    if (!verifyWithLabel(suite, key, "LeafNodeTBS", tbs, signature)) bad.push(leaf)
  }
  return bad
}
