import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { readLeafNode, writeLeafNode, type LeafNode } from "./leaf-node.ts"
import { readProposalOrRef, writeProposalOrRef, type ProposalOrRef } from "./proposal.ts"

/** RFC 9420 §7.6 HPKECiphertext. */
export interface HpkeCiphertext {
  kemOutput: Uint8Array
  ciphertext: Uint8Array
}

export function readHpkeCiphertext(r: Reader): HpkeCiphertext {
  return { kemOutput: r.opaque("kem_output"), ciphertext: r.opaque("ciphertext") }
}

export function writeHpkeCiphertext(w: Writer, v: HpkeCiphertext): void {
  w.opaque(v.kemOutput)
  w.opaque(v.ciphertext)
}

/** RFC 9420 §7.6 UpdatePathNode and UpdatePath. */
export interface UpdatePathNode {
  encryptionKey: Uint8Array
  encryptedPathSecret: HpkeCiphertext[]
}

export interface UpdatePath {
  leafNode: LeafNode
  nodes: UpdatePathNode[]
}

export function readUpdatePathNode(r: Reader): UpdatePathNode {
  const encryptionKey = r.opaque("encryption_key")
  return { encryptionKey, encryptedPathSecret: r.vector("encrypted_path_secret", readHpkeCiphertext) }
}

export function writeUpdatePathNode(w: Writer, v: UpdatePathNode): void {
  w.opaque(v.encryptionKey)
  w.vector(v.encryptedPathSecret, writeHpkeCiphertext)
}

export function readUpdatePath(r: Reader): UpdatePath {
  return { leafNode: r.struct("leaf_node", readLeafNode), nodes: r.vector("nodes", readUpdatePathNode) }
}

export function writeUpdatePath(w: Writer, v: UpdatePath): void {
  writeLeafNode(w, v.leafNode)
  w.vector(v.nodes, writeUpdatePathNode)
}

/** RFC 9420 §12.4 Commit. */
export interface Commit {
  proposals: ProposalOrRef[]
  path?: UpdatePath
}

export function readCommit(r: Reader): Commit {
  const proposals = r.vector("proposals", readProposalOrRef)
  const path = r.optional("path", readUpdatePath)
  return path === undefined ? { proposals } : { proposals, path }
}

export function writeCommit(w: Writer, v: Commit): void {
  w.vector(v.proposals, writeProposalOrRef)
  w.optional(v.path, writeUpdatePath)
}

export const hpkeCiphertextCodec = codec("HPKECiphertext", readHpkeCiphertext, writeHpkeCiphertext)
export const updatePathNodeCodec = codec("UpdatePathNode", readUpdatePathNode, writeUpdatePathNode)
export const updatePathCodec = codec("UpdatePath", readUpdatePath, writeUpdatePath)
export const commitCodec = codec("Commit", readCommit, writeCommit)
export const decodeHpkeCiphertext = (b: Uint8Array) => decode(hpkeCiphertextCodec, b)
export const encodeHpkeCiphertext = (v: HpkeCiphertext) => encode(hpkeCiphertextCodec, v)
export const decodeUpdatePathNode = (b: Uint8Array) => decode(updatePathNodeCodec, b)
export const encodeUpdatePathNode = (v: UpdatePathNode) => encode(updatePathNodeCodec, v)
export const decodeUpdatePath = (b: Uint8Array) => decode(updatePathCodec, b)
export const encodeUpdatePath = (v: UpdatePath) => encode(updatePathCodec, v)
export const decodeCommit = (b: Uint8Array) => decode(commitCodec, b)
export const encodeCommit = (v: Commit) => encode(commitCodec, v)
