import type { MLSMessage as TsMessage } from "ts-mls"
import {
  encodeGroupInfo, encodeKeyPackage, encodeMlsMessage, encodeRatchetTree, encodeWelcome, groupInfoCodec,
  keyPackageCodec, mlsMessageCodec, ratchetTreeCodec, welcomeCodec, type GroupInfo, type KeyPackage, type MlsMessage,
  type RatchetTree, type Welcome,
} from "../../../harness/protocol/mls/codec/index.ts"
import { decode, formatDecodeError, type Codec } from "../../../harness/protocol/tls-syntax/index.ts"
import { decodeMessage, encodeMessage } from "../mls/engine.ts"

/**
 * The bridge between the suite's strict codec (every MIMI body: harness/protocol/mimi) and ts-mls
 * (the provider's MLS clients): the same bytes, read by each side. The strict codec refuses
 * non-canonical encodings, so re-encoding a decoded structure gives back the bytes received.
 */
function strict<T>(c: Codec<T>, bytes: Uint8Array): T {
  const r = decode(c, bytes)
  if (!r.ok) throw new Error(`${c.name} does not decode: ${formatDecodeError(r.error)}`)
  return r.value
}

export const toStrictMessage = (m: TsMessage): MlsMessage => strict(mlsMessageCodec, encodeMessage(m))

export function toTsMessage(m: MlsMessage): TsMessage {
  const out = decodeMessage(encodeMlsMessage(m))
  if (!out) throw new Error("ts-mls cannot read an MLSMessage the strict codec accepted")
  return out
}

export const messageBytes = (m: MlsMessage): Uint8Array => encodeMlsMessage(m)
export const strictMessage = (bytes: Uint8Array): MlsMessage => strict(mlsMessageCodec, bytes)
export const strictGroupInfo = (bytes: Uint8Array): GroupInfo => strict(groupInfoCodec, bytes)
export const strictWelcome = (bytes: Uint8Array): Welcome => strict(welcomeCodec, bytes)
export const strictTree = (bytes: Uint8Array): RatchetTree => strict(ratchetTreeCodec, bytes)
export const strictKeyPackage = (bytes: Uint8Array): KeyPackage => strict(keyPackageCodec, bytes)
export { encodeGroupInfo, encodeKeyPackage, encodeRatchetTree, encodeWelcome }
