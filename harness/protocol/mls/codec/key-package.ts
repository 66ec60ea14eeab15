import { codec, decode, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import { readExtensions, writeExtensions, type Extension } from "./extension.ts"
import { readLeafNode, writeLeafNode, type LeafNode } from "./leaf-node.ts"

/** RFC 9420 §10 KeyPackage. */
export interface KeyPackage {
  version: number
  cipherSuite: number
  initKey: Uint8Array
  leafNode: LeafNode
  extensions: Extension[]
  signature: Uint8Array
}

export function readKeyPackage(r: Reader): KeyPackage {
  return {
    version: r.u16("version"),
    cipherSuite: r.u16("cipher_suite"),
    initKey: r.opaque("init_key"),
    leafNode: r.struct("leaf_node", readLeafNode),
    extensions: readExtensions(r),
    signature: r.opaque("signature"),
  }
}

function writeKeyPackageTbs(w: Writer, v: KeyPackage): void {
  w.u16(v.version)
  w.u16(v.cipherSuite)
  w.opaque(v.initKey)
  writeLeafNode(w, v.leafNode)
  writeExtensions(w, v.extensions)
}

export function writeKeyPackage(w: Writer, v: KeyPackage): void {
  writeKeyPackageTbs(w, v)
  w.opaque(v.signature)
}

/** KeyPackageTBS: the content signed with label "KeyPackageTBS". */
export function encodeKeyPackageTbs(v: KeyPackage): Uint8Array {
  const w = new Writer()
  writeKeyPackageTbs(w, v)
  return w.finish()
}

export const keyPackageCodec = codec("KeyPackage", readKeyPackage, writeKeyPackage)
export const decodeKeyPackage = (b: Uint8Array) => decode(keyPackageCodec, b)
export const encodeKeyPackage = (v: KeyPackage) => encode(keyPackageCodec, v)
