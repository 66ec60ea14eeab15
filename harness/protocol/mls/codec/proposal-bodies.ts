import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { readExtensions, writeExtensions, type Extension } from "./extension.ts"
import { readKeyPackage, writeKeyPackage, type KeyPackage } from "./key-package.ts"
import { readLeafNode, writeLeafNode, type LeafNode } from "./leaf-node.ts"
import { readPreSharedKeyId, writePreSharedKeyId, type PreSharedKeyId } from "./psk.ts"

/** The proposal bodies of RFC 9420 §12.1.1–12.1.7. */
export interface Add { keyPackage: KeyPackage }
export interface Update { leafNode: LeafNode }
export interface Remove { removed: number }
export interface PreSharedKey { psk: PreSharedKeyId }
export interface ReInit { groupId: Uint8Array; version: number; cipherSuite: number; extensions: Extension[] }
export interface ExternalInit { kemOutput: Uint8Array }
export interface GroupContextExtensions { extensions: Extension[] }

export const readAdd = (r: Reader): Add => ({ keyPackage: r.struct("key_package", readKeyPackage) })
export const writeAdd = (w: Writer, v: Add) => writeKeyPackage(w, v.keyPackage)

export const readUpdate = (r: Reader): Update => ({ leafNode: r.struct("leaf_node", readLeafNode) })
export const writeUpdate = (w: Writer, v: Update) => writeLeafNode(w, v.leafNode)

export const readRemove = (r: Reader): Remove => ({ removed: r.u32("removed") })
export const writeRemove = (w: Writer, v: Remove) => w.u32(v.removed)

export const readPreSharedKey = (r: Reader): PreSharedKey => ({ psk: r.struct("psk", readPreSharedKeyId) })
export const writePreSharedKey = (w: Writer, v: PreSharedKey) => writePreSharedKeyId(w, v.psk)

export function readReInit(r: Reader): ReInit {
  const groupId = r.opaque("group_id")
  return { groupId, version: r.u16("version"), cipherSuite: r.u16("cipher_suite"), extensions: readExtensions(r) }
}

export function writeReInit(w: Writer, v: ReInit): void {
  w.opaque(v.groupId)
  w.u16(v.version)
  w.u16(v.cipherSuite)
  writeExtensions(w, v.extensions)
}

export const readExternalInit = (r: Reader): ExternalInit => ({ kemOutput: r.opaque("kem_output") })
export const writeExternalInit = (w: Writer, v: ExternalInit) => w.opaque(v.kemOutput)

export const readGroupContextExtensions = (r: Reader): GroupContextExtensions => ({ extensions: readExtensions(r) })
export const writeGroupContextExtensions = (w: Writer, v: GroupContextExtensions) => writeExtensions(w, v.extensions)

export const addCodec = codec("Add", readAdd, writeAdd)
export const updateCodec = codec("Update", readUpdate, writeUpdate)
export const removeCodec = codec("Remove", readRemove, writeRemove)
export const preSharedKeyCodec = codec("PreSharedKey", readPreSharedKey, writePreSharedKey)
export const reInitCodec = codec("ReInit", readReInit, writeReInit)
export const externalInitCodec = codec("ExternalInit", readExternalInit, writeExternalInit)
export const groupContextExtensionsCodec =
  codec("GroupContextExtensions", readGroupContextExtensions, writeGroupContextExtensions)

export const decodeAdd = (b: Uint8Array) => decode(addCodec, b)
export const encodeAdd = (v: Add) => encode(addCodec, v)
export const decodeUpdate = (b: Uint8Array) => decode(updateCodec, b)
export const encodeUpdate = (v: Update) => encode(updateCodec, v)
export const decodeRemove = (b: Uint8Array) => decode(removeCodec, b)
export const encodeRemove = (v: Remove) => encode(removeCodec, v)
export const decodePreSharedKey = (b: Uint8Array) => decode(preSharedKeyCodec, b)
export const encodePreSharedKey = (v: PreSharedKey) => encode(preSharedKeyCodec, v)
export const decodeReInit = (b: Uint8Array) => decode(reInitCodec, b)
export const encodeReInit = (v: ReInit) => encode(reInitCodec, v)
export const decodeExternalInit = (b: Uint8Array) => decode(externalInitCodec, b)
export const encodeExternalInit = (v: ExternalInit) => encode(externalInitCodec, v)
export const decodeGroupContextExtensions = (b: Uint8Array) => decode(groupContextExtensionsCodec, b)
export const encodeGroupContextExtensions = (v: GroupContextExtensions) => encode(groupContextExtensionsCodec, v)
