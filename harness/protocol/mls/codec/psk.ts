import { codec, decode, encode, Writer, type Reader } from "../../tls-syntax/index.ts"
import { PSK_TYPES, RESUMPTION_USAGES, wireValue, type ResumptionPskUsage } from "./enums.ts"

/** RFC 9420 §8.4 PreSharedKeyID. */
export type PreSharedKeyId = (
  | { pskType: "external"; pskId: Uint8Array }
  | { pskType: "resumption"; usage: ResumptionPskUsage; pskGroupId: Uint8Array; pskEpoch: bigint }
) & { pskNonce: Uint8Array }

export function readPreSharedKeyId(r: Reader): PreSharedKeyId {
  const pskType = r.enum("psktype", 1, PSK_TYPES)
  if (pskType === "external") return { pskType, pskId: r.opaque("psk_id"), pskNonce: r.opaque("psk_nonce") }
  const usage = r.enum("usage", 1, RESUMPTION_USAGES)
  const pskGroupId = r.opaque("psk_group_id")
  const pskEpoch = r.u64("psk_epoch")
  return { pskType, usage, pskGroupId, pskEpoch, pskNonce: r.opaque("psk_nonce") }
}

export function writePreSharedKeyId(w: Writer, v: PreSharedKeyId): void {
  w.u8(wireValue(PSK_TYPES, v.pskType))
  if (v.pskType === "external") w.opaque(v.pskId)
  else {
    w.u8(wireValue(RESUMPTION_USAGES, v.usage))
    w.opaque(v.pskGroupId)
    w.u64(v.pskEpoch)
  }
  w.opaque(v.pskNonce)
}

/** PSKLabel (§8.4), the context of each PSK's ExpandWithLabel. */
export function encodePskLabel(id: PreSharedKeyId, index: number, count: number): Uint8Array {
  const w = new Writer()
  writePreSharedKeyId(w, id)
  w.u16(index)
  w.u16(count)
  return w.finish()
}

export const preSharedKeyIdCodec = codec("PreSharedKeyID", readPreSharedKeyId, writePreSharedKeyId)
export const decodePreSharedKeyId = (b: Uint8Array) => decode(preSharedKeyIdCodec, b)
export const encodePreSharedKeyId = (v: PreSharedKeyId) => encode(preSharedKeyIdCodec, v)
