import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { NODE_TYPES } from "./enums.ts"
import { readLeafNode, writeLeafNode, type LeafNode } from "./leaf-node.ts"

/** RFC 9420 §7.1 ParentNode. */
export interface ParentNode {
  encryptionKey: Uint8Array
  parentHash: Uint8Array
  unmergedLeaves: number[]
}

export type Node = { nodeType: "leaf"; leafNode: LeafNode } | { nodeType: "parent"; parentNode: ParentNode }

/** `optional<Node> ratchet_tree<V>` (§12.4.3.3): undefined entries are blank nodes. */
export type RatchetTree = (Node | undefined)[]

export function readParentNode(r: Reader): ParentNode {
  return {
    encryptionKey: r.opaque("encryption_key"),
    parentHash: r.opaque("parent_hash"),
    unmergedLeaves: r.vector("unmerged_leaves", (r) => r.u32("leaf_index")),
  }
}

export function writeParentNode(w: Writer, v: ParentNode): void {
  w.opaque(v.encryptionKey)
  w.opaque(v.parentHash)
  w.vector(v.unmergedLeaves, (w, x) => w.u32(x))
}

export function readNode(r: Reader): Node {
  const nodeType = r.enum("node_type", 1, NODE_TYPES)
  return nodeType === "leaf"
    ? { nodeType, leafNode: r.struct("leaf_node", readLeafNode) }
    : { nodeType, parentNode: r.struct("parent_node", readParentNode) }
}

export function writeNode(w: Writer, v: Node): void {
  if (v.nodeType === "leaf") {
    w.u8(1)
    writeLeafNode(w, v.leafNode)
  } else {
    w.u8(2)
    writeParentNode(w, v.parentNode)
  }
}

export function readRatchetTree(r: Reader): RatchetTree {
  return r.vector("ratchet_tree", (r) => r.optional("node", readNode))
}

export function writeRatchetTree(w: Writer, v: RatchetTree): void {
  w.vector(v, (w, n) => w.optional(n, writeNode))
}

export const parentNodeCodec = codec("ParentNode", readParentNode, writeParentNode)
export const nodeCodec = codec("Node", readNode, writeNode)
export const ratchetTreeCodec = codec("RatchetTree", readRatchetTree, writeRatchetTree)
export const decodeParentNode = (b: Uint8Array) => decode(parentNodeCodec, b)
export const encodeParentNode = (v: ParentNode) => encode(parentNodeCodec, v)
export const decodeNode = (b: Uint8Array) => decode(nodeCodec, b)
export const encodeNode = (v: Node) => encode(nodeCodec, v)
export const decodeRatchetTree = (b: Uint8Array) => decode(ratchetTreeCodec, b)
export const encodeRatchetTree = (v: RatchetTree) => encode(ratchetTreeCodec, v)
