import { codec, decode, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import { readExtensions, writeExtensions, type Extension } from "./extension.ts"
import { readGroupContext, writeGroupContext, type GroupContext } from "./group-context.ts"

/** RFC 9420 §12.4.3 GroupInfo. */
export interface GroupInfo {
  groupContext: GroupContext
  extensions: Extension[]
  confirmationTag: Uint8Array
  signer: number
  signature: Uint8Array
}

export function readGroupInfo(r: Reader): GroupInfo {
  return {
    groupContext: r.struct("group_context", readGroupContext),
    extensions: readExtensions(r),
    confirmationTag: r.opaque("confirmation_tag"),
    signer: r.u32("signer"),
    signature: r.opaque("signature"),
  }
}

function writeGroupInfoTbs(w: Writer, v: Omit<GroupInfo, "signature">): void {
  writeGroupContext(w, v.groupContext)
  writeExtensions(w, v.extensions)
  w.opaque(v.confirmationTag)
  w.u32(v.signer)
}

export function writeGroupInfo(w: Writer, v: GroupInfo): void {
  writeGroupInfoTbs(w, v)
  w.opaque(v.signature)
}

/** GroupInfoTBS: the content signed with label "GroupInfoTBS". */
export function encodeGroupInfoTbs(v: Omit<GroupInfo, "signature">): Uint8Array {
  const w = new Writer()
  writeGroupInfoTbs(w, v)
  return w.finish()
}

export const groupInfoCodec = codec("GroupInfo", readGroupInfo, writeGroupInfo)
export const decodeGroupInfo = (b: Uint8Array) => decode(groupInfoCodec, b)
export const encodeGroupInfo = (v: GroupInfo) => encode(groupInfoCodec, v)
