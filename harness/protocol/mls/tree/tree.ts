import type { LeafNode, Node, ParentNode, RatchetTree } from "../codec/index.ts"
import { directPath, isLeaf, left, level, nodeWidth, right, sibling } from "./math.ts"

/** A full ratchet tree (§7): `nodes.length === nodeWidth(nLeaves)` and nLeaves is a power of two. */
export interface Tree {
  readonly nLeaves: number
  readonly nodes: readonly (Node | undefined)[]
}

export type TreeResult = { ok: true; tree: Tree } | { ok: false; detail: string }

/**
 * Builds the full tree from a ratchet_tree extension (§12.4.3.3): the list must be non-empty and
 * end in a non-blank node, and is padded with blanks to the width 2^(d+1)-1. Node types must match
 * positions (leaves at even indices).
 */
export function treeFromRatchetTree(list: RatchetTree): TreeResult {
  if (list.length === 0) return { ok: false, detail: "ratchet_tree is empty" }
  if (list[list.length - 1] === undefined) return { ok: false, detail: "ratchet_tree ends with a blank node" }
  let nLeaves = 1
  while (nodeWidth(nLeaves) < list.length) nLeaves *= 2
  const nodes: (Node | undefined)[] = list.slice()
  while (nodes.length < nodeWidth(nLeaves)) nodes.push(undefined)
  for (const [i, n] of nodes.entries()) {
    if (n !== undefined && (n.nodeType === "leaf") !== isLeaf(i)) {
      return { ok: false, detail: `node ${i} is a ${n.nodeType} node at a ${isLeaf(i) ? "leaf" : "parent"} position` }
    }
  }
  return { ok: true, tree: { nLeaves, nodes } }
}

/** The ratchet_tree extension form: trailing blank nodes removed. */
export function toRatchetTree(tree: Tree): RatchetTree {
  let end = tree.nodes.length
  while (end > 0 && tree.nodes[end - 1] === undefined) end--
  return tree.nodes.slice(0, end)
}

export function leafAt(tree: Tree, leafIndex: number): LeafNode | undefined {
  const n = tree.nodes[leafIndex * 2]
  return n?.nodeType === "leaf" ? n.leafNode : undefined
}

export function parentAt(tree: Tree, x: number): ParentNode | undefined {
  const n = tree.nodes[x]
  return n?.nodeType === "parent" ? n.parentNode : undefined
}

/** §4.1.1 resolution, as node indices: a node itself plus its unmerged leaves, or its children's resolutions. */
export function resolution(tree: Tree, x: number, out: number[] = []): number[] {
  const n = tree.nodes[x]
  if (n !== undefined) {
    out.push(x)
    if (n.nodeType === "parent") for (const l of n.parentNode.unmergedLeaves) out.push(l * 2)
  } else if (!isLeaf(x)) {
    resolution(tree, left(x), out)
    resolution(tree, right(x), out)
  }
  return out
}

/** True when the resolution of x is empty, i.e. the whole subtree is blank. */
export function subtreeBlank(tree: Tree, x: number): boolean {
  const half = (1 << level(x)) - 1
  for (let i = x - half; i <= x + half; i++) if (tree.nodes[i] !== undefined) return false
  return true
}

/** §4.1.2 filtered direct path of a leaf: direct path minus nodes whose copath child has an empty resolution. */
export function filteredDirectPath(tree: Tree, leafIndex: number): number[] {
  const x = leafIndex * 2
  const path = directPath(x, tree.nLeaves)
  const out: number[] = []
  let child = x
  for (const p of path) {
    if (!subtreeBlank(tree, sibling(child, tree.nLeaves))) out.push(p)
    child = p
  }
  return out
}
