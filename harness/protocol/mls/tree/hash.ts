import { Writer } from "../../tls-syntax/index.ts"
import { writeLeafNode, writeParentNode, type Node, type ParentNode } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { inSubtree, isLeaf, left, right, root } from "./math.ts"
import type { Tree } from "./tree.ts"

type Hasher = Pick<CipherSuite, "hash">

// Scratch buffer for hash inputs: hashing is synchronous and each input is written only after its
// children's hashes are known, so one buffer serves every node without a per-node allocation.
const scratch = new Writer(1024)

/** Hash of the TreeHashInput (§7.8) of one node given its children's hashes. */
function hashNode(suite: Hasher, x: number, node: Node | undefined, leftHash?: Uint8Array, rightHash?: Uint8Array) {
  const w = scratch
  w.reset()
  if (isLeaf(x)) {
    w.u8(1)
    w.u32(x >>> 1)
    w.optional(node?.nodeType === "leaf" ? node.leafNode : undefined, writeLeafNode)
  } else {
    w.u8(2)
    w.optional(node?.nodeType === "parent" ? node.parentNode : undefined, writeParentNode)
    w.opaque(leftHash!)
    w.opaque(rightHash!)
  }
  return suite.hash(w.view())
}

/** The tree hash of every node (index = node index), computed bottom-up in one pass. */
export function treeHashes(suite: Hasher, tree: Tree): Uint8Array[] {
  const out = new Array<Uint8Array>(tree.nodes.length)
  const visit = (x: number): Uint8Array => {
    const h = isLeaf(x)
      ? hashNode(suite, x, tree.nodes[x])
      : hashNode(suite, x, tree.nodes[x], visit(left(x)), visit(right(x)))
    out[x] = h
    return h
  }
  visit(root(tree.nLeaves))
  return out
}

export function treeHash(suite: Hasher, tree: Tree): Uint8Array {
  return treeHashes(suite, tree)[root(tree.nLeaves)]!
}

/**
 * The tree hash of subtree `x` with the given leaves blanked and removed from every unmerged_leaves
 * list (§7.9 original_sibling_tree_hash). Subtrees without excluded leaves reuse `hashes`.
 */
export function treeHashExcluding(
  suite: Hasher, tree: Tree, x: number, excluded: readonly number[], hashes: Uint8Array[],
): Uint8Array {
  const inside = excluded.filter((l) => inSubtree(l * 2, x))
  if (inside.length === 0) return hashes[x]!
  if (isLeaf(x)) return hashNode(suite, x, undefined)
  const node = tree.nodes[x]
  let pruned: Node | undefined = node
  if (node?.nodeType === "parent") {
    const parentNode: ParentNode = {
      ...node.parentNode, unmergedLeaves: node.parentNode.unmergedLeaves.filter((l) => !inside.includes(l)),
    }
    pruned = { nodeType: "parent", parentNode }
  }
  const l = treeHashExcluding(suite, tree, left(x), inside, hashes)
  const r = treeHashExcluding(suite, tree, right(x), inside, hashes)
  return hashNode(suite, x, pruned, l, r)
}
