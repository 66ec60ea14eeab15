import { codec, decode, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import {
  readCapabilities, readLifetime, writeCapabilities, writeLifetime, type Capabilities, type Lifetime,
} from "./capabilities.ts"
import { readCredential, writeCredential, type Credential } from "./credential.ts"
import { LEAF_NODE_SOURCES, wireValue } from "./enums.ts"
import { readExtensions, writeExtensions, type Extension } from "./extension.ts"

/** The `leaf_node_source` select of RFC 9420 §7.2. */
export type LeafNodeSourceBody =
  | { leafNodeSource: "key_package"; lifetime: Lifetime }
  | { leafNodeSource: "update" }
  | { leafNodeSource: "commit"; parentHash: Uint8Array }

/** RFC 9420 §7.2 LeafNode. */
export type LeafNode = {
  encryptionKey: Uint8Array
  signatureKey: Uint8Array
  credential: Credential
  capabilities: Capabilities
  extensions: Extension[]
  signature: Uint8Array
} & LeafNodeSourceBody

export function readLeafNode(r: Reader): LeafNode {
  const encryptionKey = r.opaque("encryption_key")
  const signatureKey = r.opaque("signature_key")
  const credential = r.struct("credential", readCredential)
  const capabilities = r.struct("capabilities", readCapabilities)
  const source = r.enum("leaf_node_source", 1, LEAF_NODE_SOURCES)
  const body: LeafNodeSourceBody =
    source === "key_package" ? { leafNodeSource: source, lifetime: r.struct("lifetime", readLifetime) }
    : source === "commit" ? { leafNodeSource: source, parentHash: r.opaque("parent_hash") }
    : { leafNodeSource: source }
  const extensions = readExtensions(r)
  const signature = r.opaque("signature")
  return { encryptionKey, signatureKey, credential, capabilities, ...body, extensions, signature }
}

function writeLeafNodeContent(w: Writer, v: LeafNode): void {
  w.opaque(v.encryptionKey)
  w.opaque(v.signatureKey)
  writeCredential(w, v.credential)
  writeCapabilities(w, v.capabilities)
  w.u8(wireValue(LEAF_NODE_SOURCES, v.leafNodeSource))
  if (v.leafNodeSource === "key_package") writeLifetime(w, v.lifetime)
  else if (v.leafNodeSource === "commit") w.opaque(v.parentHash)
  writeExtensions(w, v.extensions)
}

export function writeLeafNode(w: Writer, v: LeafNode): void {
  writeLeafNodeContent(w, v)
  w.opaque(v.signature)
}

/**
 * LeafNodeTBS (§7.2): the content signed with label "LeafNodeTBS". `group` is required for
 * leaf_node_source update and commit, and ignored for key_package.
 */
export function encodeLeafNodeTbs(v: LeafNode, group?: { groupId: Uint8Array; leafIndex: number }): Uint8Array {
  const w = new Writer()
  writeLeafNodeContent(w, v)
  if (v.leafNodeSource !== "key_package") {
    if (group === undefined) {
      throw new RangeError(`LeafNodeTBS of a ${v.leafNodeSource} leaf needs group_id and leaf_index`)
    }
    w.opaque(group.groupId)
    w.u32(group.leafIndex)
  }
  return w.finish()
}

export const leafNodeCodec = codec("LeafNode", readLeafNode, writeLeafNode)
export const decodeLeafNode = (b: Uint8Array) => decode(leafNodeCodec, b)
export const encodeLeafNode = (v: LeafNode) => encode(leafNodeCodec, v)
