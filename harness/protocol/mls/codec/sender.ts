import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { SENDER_TYPES, wireValue } from "./enums.ts"

/** RFC 9420 §6 Sender. */
export type Sender =
  | { senderType: "member"; leafIndex: number }
  | { senderType: "external"; senderIndex: number }
  | { senderType: "new_member_proposal" }
  | { senderType: "new_member_commit" }

export function readSender(r: Reader): Sender {
  const senderType = r.enum("sender_type", 1, SENDER_TYPES)
  switch (senderType) {
    case "member": return { senderType, leafIndex: r.u32("leaf_index") }
    case "external": return { senderType, senderIndex: r.u32("sender_index") }
    default: return { senderType }
  }
}

export function writeSender(w: Writer, v: Sender): void {
  w.u8(wireValue(SENDER_TYPES, v.senderType))
  if (v.senderType === "member") w.u32(v.leafIndex)
  else if (v.senderType === "external") w.u32(v.senderIndex)
}

export const senderCodec = codec("Sender", readSender, writeSender)
export const decodeSender = (b: Uint8Array) => decode(senderCodec, b)
export const encodeSender = (v: Sender) => encode(senderCodec, v)
