import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { WIRE_FORMATS, wireValue } from "./enums.ts"
import { readGroupInfo, writeGroupInfo, type GroupInfo } from "./group-info.ts"
import { readKeyPackage, writeKeyPackage, type KeyPackage } from "./key-package.ts"
import { readPrivateMessage, writePrivateMessage, type PrivateMessage } from "./private-message.ts"
import { readPublicMessage, writePublicMessage, type PublicMessage } from "./public-message.ts"
import { readWelcome, writeWelcome, type Welcome } from "./welcome.ts"

/** RFC 9420 §6 MLSMessage, one variant per wire format. */
export type MlsMessage = { version: number } & (
  | { wireFormat: "mls_public_message"; publicMessage: PublicMessage }
  | { wireFormat: "mls_private_message"; privateMessage: PrivateMessage }
  | { wireFormat: "mls_welcome"; welcome: Welcome }
  | { wireFormat: "mls_group_info"; groupInfo: GroupInfo }
  | { wireFormat: "mls_key_package"; keyPackage: KeyPackage }
)

export function readMlsMessage(r: Reader): MlsMessage {
  const version = r.u16("version")
  const wireFormat = r.enum("wire_format", 2, WIRE_FORMATS)
  switch (wireFormat) {
    case "mls_public_message":
      return { version, wireFormat, publicMessage: r.struct("public_message", readPublicMessage) }
    case "mls_private_message":
      return { version, wireFormat, privateMessage: r.struct("private_message", readPrivateMessage) }
    case "mls_welcome": return { version, wireFormat, welcome: r.struct("welcome", readWelcome) }
    case "mls_group_info": return { version, wireFormat, groupInfo: r.struct("group_info", readGroupInfo) }
    case "mls_key_package": return { version, wireFormat, keyPackage: r.struct("key_package", readKeyPackage) }
  }
}

export function writeMlsMessage(w: Writer, v: MlsMessage): void {
  w.u16(v.version)
  w.u16(wireValue(WIRE_FORMATS, v.wireFormat))
  switch (v.wireFormat) {
    case "mls_public_message": return writePublicMessage(w, v.publicMessage)
    case "mls_private_message": return writePrivateMessage(w, v.privateMessage)
    case "mls_welcome": return writeWelcome(w, v.welcome)
    case "mls_group_info": return writeGroupInfo(w, v.groupInfo)
    case "mls_key_package": return writeKeyPackage(w, v.keyPackage)
  }
}

export const mlsMessageCodec = codec("MLSMessage", readMlsMessage, writeMlsMessage)
export const decodeMlsMessage = (b: Uint8Array) => decode(mlsMessageCodec, b)
export const encodeMlsMessage = (v: MlsMessage) => encode(mlsMessageCodec, v)
