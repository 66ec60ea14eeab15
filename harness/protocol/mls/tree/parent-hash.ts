import { Writer } from "../../tls-syntax/index.ts"
import type { ParentNode } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { treeHashExcluding, treeHashes } from "./hash.ts"
import { inSubtree, isLeaf, left, right } from "./math.ts"
import { resolution, type Tree } from "./tree.ts"

type Hasher = Pick<CipherSuite, "hash">

/** Scratch buffer for ParentHashInput; hashing is synchronous, so reuse is safe. */
const scratch = new Writer(256)

/** ParentHashInput hashed (§7.9): the parent hash of P with the given original sibling tree hash. */
export function parentHash(suite: Hasher, p: ParentNode, originalSiblingTreeHash: Uint8Array): Uint8Array {
  const w = scratch
  w.reset()
  w.opaque(p.encryptionKey)
  w.opaque(p.parentHash)
  w.opaque(originalSiblingTreeHash)
  return suite.hash(w.view())
}

/** The parent_hash a node carries: a parent node's field, or a commit-sourced leaf's. */
function parentHashOf(tree: Tree, x: number): Uint8Array | undefined {
  const n = tree.nodes[x]
  if (n === undefined) return undefined
  if (n.nodeType === "parent") return n.parentNode.parentHash
  return n.leafNode.leafNodeSource === "commit" ? n.leafNode.parentHash : undefined
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/**
 * The descendants D of parent node P whose parent hash is valid with respect to P (§7.9.2): D is in
 * the resolution of child C, P's unmerged leaves under C are exactly resolution(C) minus D, and D's
 * parent_hash equals the parent hash of P with copath child S.
 */
export function parentHashLinks(suite: Hasher, tree: Tree, x: number, hashes: Uint8Array[]): number[] {
  const p = tree.nodes[x]
  if (p?.nodeType !== "parent") return []
  const unmerged = p.parentNode.unmergedLeaves
  const links: number[] = []
  for (const [c, s] of [[left(x), right(x)], [right(x), left(x)]] as const) {
    const res = resolution(tree, c)
    const under = new Set(unmerged.filter((l) => inSubtree(l * 2, c)).map((l) => l * 2))
    if (res.length !== under.size + 1) continue
    const rest = res.filter((d) => !under.has(d))
    if (rest.length !== 1) continue
    const d = rest[0]!
    const claimed = parentHashOf(tree, d)
    if (claimed === undefined) continue
    const expected = parentHash(suite, p.parentNode, treeHashExcluding(suite, tree, s, unmerged, hashes))
    if (equal(claimed, expected)) links.push(d)
  }
  return links
}

export interface ParentHashFinding {
  node: number
  /** Descendants whose parent hash is valid w.r.t. the node; valid means exactly one. */
  links: number[]
}

/**
 * Joining a group (§7.9.2, top-down form): every non-blank parent node must have exactly one
 * descendant whose parent hash is valid with respect to it. Returns the parent nodes that fail.
 */
export function verifyParentHashes(suite: Hasher, tree: Tree, hashes = treeHashes(suite, tree)): ParentHashFinding[] {
  const bad: ParentHashFinding[] = []
  for (let x = 1; x < tree.nodes.length; x += 2) {
    if (tree.nodes[x] === undefined || isLeaf(x)) continue
    const links = parentHashLinks(suite, tree, x, hashes)
    if (links.length !== 1) bad.push({ node: x, links })
  }
  return bad
}
