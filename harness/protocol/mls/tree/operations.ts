import type { LeafNode, Node } from "../codec/index.ts"
import { directPath, nodeWidth, root } from "./math.ts"
import type { Tree } from "./tree.ts"

/** Tree changes of Add, Update and Remove (§12.1.1–12.1.3); each returns a new tree. */

export interface AddResult {
  tree: Tree
  leafIndex: number
}

/** Add: the leftmost blank leaf (extending the tree if there is none), listed as unmerged above it. */
export function applyAdd(tree: Tree, leafNode: LeafNode): AddResult {
  let nLeaves = tree.nLeaves
  const nodes: (Node | undefined)[] = tree.nodes.slice()
  let leafIndex = 0
  while (leafIndex < nLeaves && nodes[leafIndex * 2] !== undefined) leafIndex++
  if (leafIndex === nLeaves) {
    nLeaves *= 2
    while (nodes.length < nodeWidth(nLeaves)) nodes.push(undefined)
  }
  for (const p of directPath(leafIndex * 2, nLeaves)) {
    const n = nodes[p]
    if (n?.nodeType !== "parent") continue
    const unmergedLeaves = [...n.parentNode.unmergedLeaves, leafIndex]
    nodes[p] = { nodeType: "parent", parentNode: { ...n.parentNode, unmergedLeaves } }
  }
  nodes[leafIndex * 2] = { nodeType: "leaf", leafNode }
  return { tree: { nLeaves, nodes }, leafIndex }
}

/** Update: the sender's leaf replaced and its direct path blanked. */
export function applyUpdate(tree: Tree, sender: number, leafNode: LeafNode): Tree {
  const nodes = tree.nodes.slice()
  nodes[sender * 2] = { nodeType: "leaf", leafNode }
  for (const p of directPath(sender * 2, tree.nLeaves)) nodes[p] = undefined
  return { nLeaves: tree.nLeaves, nodes }
}

/** Remove: the leaf and its direct path blanked, then the tree truncated while its right half is blank. */
export function applyRemove(tree: Tree, removed: number): Tree {
  const nodes = tree.nodes.slice()
  nodes[removed * 2] = undefined
  for (const p of directPath(removed * 2, tree.nLeaves)) nodes[p] = undefined
  let nLeaves = tree.nLeaves
  while (nLeaves > 1 && nodes.slice(root(nLeaves) + 1).every((n) => n === undefined)) {
    nLeaves /= 2
    nodes.length = nodeWidth(nLeaves)
  }
  return { nLeaves, nodes }
}
