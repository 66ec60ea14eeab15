import {
  encodeGroupContext, type GroupContext, type LeafNode, type Node, type RequiredCapabilities, type UpdatePath,
} from "../codec/index.ts"
import { bytesEqual } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { decryptWithLabel, deriveSecret } from "../crypto/labeled.ts"
import { fail, ok, type Outcome } from "../message/outcome.ts"
import { validateLeafNode } from "../validate/index.ts"
import {
  directPath, filteredDirectPath, inSubtree, isLeaf, left, parentHash, resolution, right,
  treeHashes, type Tree,
} from "../tree/index.ts"

/** TreeKEM on the receiving side (RFC 9420 §7.4–§7.6, §12.4.2). */

/** The node key pair a path secret stands for: DeriveKeyPair(DeriveSecret(path_secret, "node")). */
export const nodeKeyPair = (cs: CipherSuite, pathSecret: Uint8Array) =>
  cs.deriveKeyPair(deriveSecret(cs, pathSecret, "node"))

export const nextPathSecret = (cs: CipherSuite, pathSecret: Uint8Array) => deriveSecret(cs, pathSecret, "path")

/**
 * Puts a path into the tree: the sender's leaf set to `leafNode`, its direct path blanked, the
 * filtered direct path given `keys` with parent hashes recomputed top-down (§7.9). Returns the
 * parent hash the leaf must carry.
 */
export function placePath(
  cs: CipherSuite, tree: Tree, sender: number, leafNode: LeafNode, keys: readonly Uint8Array[],
): { tree: Tree; filteredPath: number[]; leafParentHash: Uint8Array } {
  const fdp = filteredDirectPath(tree, sender)
  const nodes: (Node | undefined)[] = tree.nodes.slice()
  nodes[sender * 2] = { nodeType: "leaf", leafNode }
  for (const p of directPath(sender * 2, tree.nLeaves)) nodes[p] = undefined
  fdp.forEach((p, i) => {
    const parentNode = { encryptionKey: keys[i]!, parentHash: new Uint8Array(0), unmergedLeaves: [] }
    nodes[p] = { nodeType: "parent", parentNode }
  })
  const placed: Tree = { nLeaves: tree.nLeaves, nodes }
  // Copath subtrees are untouched by the parent_hash fields set below, so one pass of hashes serves all.
  const hashes = treeHashes(cs, placed)
  let above: Uint8Array = new Uint8Array(0)
  for (let i = fdp.length - 1; i >= 0; i--) {
    const p = fdp[i]!
    const node = nodes[p]
    if (node?.nodeType !== "parent") continue
    const parentNode = { ...node.parentNode, parentHash: above }
    nodes[p] = { nodeType: "parent", parentNode }
    const copathChild = inSubtree(sender * 2, left(p)) ? right(p) : left(p)
    above = parentHash(cs, parentNode, hashes[copathChild]!)
  }
  return { tree: placed, filteredPath: fdp, leafParentHash: above }
}

/**
 * Merges a received UpdatePath into the tree (after the commit's proposals) and checks the leaf:
 * LeafNode validation with source commit (§7.3), and a parent_hash that matches the merged path (§7.9.2).
 */
export function mergeUpdatePath(
  cs: CipherSuite, tree: Tree, sender: number, path: UpdatePath, groupId: Uint8Array,
  requiredCapabilities?: RequiredCapabilities,
): Outcome<{ tree: Tree; filteredPath: number[] }> {
  const fdpLength = filteredDirectPath(tree, sender).length
  if (path.nodes.length !== fdpLength) {
    const detail = `UpdatePath has ${path.nodes.length} nodes, filtered direct path ${fdpLength}`
    return fail("mls.tree-kem.path-length-valid", detail)
  }
  const caps = requiredCapabilities === undefined ? {} : { requiredCapabilities }
  const bad = validateLeafNode(cs, path.leafNode,
    { source: "commit", group: { groupId, leafIndex: sender }, tree, replacing: sender, ...caps })[0]
  if (bad !== undefined) return fail(bad.rule, `UpdatePath leaf of ${sender}: ${bad.detail}`)
  if (path.leafNode.leafNodeSource !== "commit") return fail("mls.leaf-node.source-matches", "UpdatePath leaf source")
  const placed = placePath(cs, tree, sender, path.leafNode, path.nodes.map((n) => n.encryptionKey))
  if (!bytesEqual(placed.leafParentHash, path.leafNode.parentHash)) {
    return fail("mls.tree-kem.parent-hash-valid", `leaf ${sender}'s parent_hash does not match the UpdatePath`)
  }
  return ok({ tree: placed.tree, filteredPath: placed.filteredPath })
}

export interface PathSecrets {
  readonly commitSecret: Uint8Array
  /** Private keys of the filtered-path nodes at and above the receiver's common ancestor. */
  readonly privateKeys: Map<number, Uint8Array>
  /** The path secret the receiver decrypted (at `fdp[start]`). */
  readonly pathSecret: Uint8Array
}

/**
 * Decrypts the receiver's path secret (§12.4.2): the node of the sender's filtered direct path that
 * is the lowest common ancestor, the copath child's resolution minus the leaves added by this commit,
 * the first node in it the receiver holds a private key for. Then derives the path upward and checks
 * every derived public key against the merged tree.
 */
export function decryptPath(
  cs: CipherSuite, merged: Tree, receiver: number, path: UpdatePath,
  filteredPath: number[], addedLeaves: ReadonlySet<number>, privateKeys: ReadonlyMap<number, Uint8Array>,
  provisionalContext: GroupContext,
): Outcome<PathSecrets> {
  const start = filteredPath.findIndex((p) => inSubtree(receiver * 2, p))
  if (start < 0) return fail("mls.tree-kem.receiver-covered", `leaf ${receiver} is not below the sender's path`)
  const p = filteredPath[start]!
  const copathChild = inSubtree(receiver * 2, left(p)) ? left(p) : right(p)
  // The copath subtree is untouched by the merge, so its resolution is the one the sender encrypted to.
  const res = resolution(merged, copathChild).filter((x) => !(isLeaf(x) && addedLeaves.has(x >>> 1)))
  const ciphertexts = path.nodes[start]!.encryptedPathSecret
  if (ciphertexts.length !== res.length) {
    return fail("mls.tree-kem.ciphertext-count", `${ciphertexts.length} ciphertexts for a resolution of ${res.length}`)
  }
  const k = res.findIndex((x) => privateKeys.has(x))
  if (k < 0) return fail("mls.tree-kem.receiver-covered", `no private key for the resolution of node ${copathChild}`)
  const context = encodeGroupContext(provisionalContext)
  const ct = ciphertexts[k]!
  const secret = decryptWithLabel(cs, privateKeys.get(res[k]!)!, "UpdatePathNode", context, ct.kemOutput, ct.ciphertext)
  if (secret === undefined) {
    return fail("mls.tree-kem.path-secret-decrypts", `path secret for node ${p} does not decrypt`)
  }
  const derived = derivePathKeys(cs, merged, filteredPath.slice(start), secret)
  return derived.ok ? ok({ ...derived.value, pathSecret: secret }) : derived
}

/** Derives node keys from `pathSecret` along `nodes` (bottom-up), checking them against the tree. */
export function derivePathKeys(
  cs: CipherSuite, tree: Tree, nodes: readonly number[], pathSecret: Uint8Array,
): Outcome<{ commitSecret: Uint8Array; privateKeys: Map<number, Uint8Array> }> {
  const privateKeys = new Map<number, Uint8Array>()
  let secret = pathSecret
  for (const x of nodes) {
    const pair = nodeKeyPair(cs, secret)
    const node = tree.nodes[x]
    if (node?.nodeType !== "parent" || !bytesEqual(node.parentNode.encryptionKey, pair.publicKey)) {
      return fail("mls.tree-kem.public-key-matches", `the key derived for node ${x} does not match the tree`)
    }
    privateKeys.set(x, pair.privateKey)
    secret = nextPathSecret(cs, secret)
  }
  return ok({ commitSecret: secret, privateKeys })
}
