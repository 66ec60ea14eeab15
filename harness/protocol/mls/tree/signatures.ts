import { encodeLeafNodeTbs, type LeafNode } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { verifyWithLabel } from "../crypto/labeled.ts"
import type { Tree } from "./tree.ts"

/** VerifyWithLabel(signature_key, "LeafNodeTBS", LeafNodeTBS) of the leaf at `leafIndex` (§7.2). */
export function leafSignatureValid(
  suite: CipherSuite, leaf: LeafNode, groupId: Uint8Array, leafIndex: number,
): boolean {
  const tbs = encodeLeafNodeTbs(leaf, { groupId, leafIndex })
  return verifyWithLabel(suite, leaf.signatureKey, "LeafNodeTBS", tbs, leaf.signature)
}

/** The leaf indices whose signature does not verify. */
export function verifyLeafSignatures(suite: CipherSuite, tree: Tree, groupId: Uint8Array): number[] {
  const bad: number[] = []
  for (let x = 0; x < tree.nodes.length; x += 2) {
    const n = tree.nodes[x]
    if (n?.nodeType === "leaf" && !leafSignatureValid(suite, n.leafNode, groupId, x >>> 1)) bad.push(x >>> 1)
  }
  return bad
}
