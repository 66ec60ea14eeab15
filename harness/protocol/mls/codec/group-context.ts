import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { readExtensions, writeExtensions, type Extension } from "./extension.ts"

/** RFC 9420 §8.1 GroupContext. */
export interface GroupContext {
  version: number
  cipherSuite: number
  groupId: Uint8Array
  epoch: bigint
  treeHash: Uint8Array
  confirmedTranscriptHash: Uint8Array
  extensions: Extension[]
}

export function readGroupContext(r: Reader): GroupContext {
  return {
    version: r.u16("version"),
    cipherSuite: r.u16("cipher_suite"),
    groupId: r.opaque("group_id"),
    epoch: r.u64("epoch"),
    treeHash: r.opaque("tree_hash"),
    confirmedTranscriptHash: r.opaque("confirmed_transcript_hash"),
    extensions: readExtensions(r),
  }
}

export function writeGroupContext(w: Writer, v: GroupContext): void {
  w.u16(v.version)
  w.u16(v.cipherSuite)
  w.opaque(v.groupId)
  w.u64(v.epoch)
  w.opaque(v.treeHash)
  w.opaque(v.confirmedTranscriptHash)
  writeExtensions(w, v.extensions)
}

export const groupContextCodec = codec("GroupContext", readGroupContext, writeGroupContext)
export const decodeGroupContext = (b: Uint8Array) => decode(groupContextCodec, b)
export const encodeGroupContext = (v: GroupContext) => encode(groupContextCodec, v)
