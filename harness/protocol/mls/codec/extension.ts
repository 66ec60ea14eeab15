import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"

/** RFC 9420 §13.4 Extension; the body stays raw so lists re-encode byte-exactly. */
export interface Extension {
  extensionType: number
  extensionData: Uint8Array
}

export function readExtension(r: Reader): Extension {
  return { extensionType: r.u16("extension_type"), extensionData: r.opaque("extension_data") }
}

export function writeExtension(w: Writer, v: Extension): void {
  w.u16(v.extensionType)
  w.opaque(v.extensionData)
}

export function readExtensions(r: Reader, field = "extensions"): Extension[] {
  return r.vector(field, readExtension)
}

export function writeExtensions(w: Writer, v: readonly Extension[]): void {
  w.vector(v, writeExtension)
}

export const extensionCodec = codec("Extension", readExtension, writeExtension)
export const extensionListCodec = codec("Extensions", (r) => readExtensions(r), writeExtensions)
export const decodeExtension = (b: Uint8Array) => decode(extensionCodec, b)
export const encodeExtension = (v: Extension) => encode(extensionCodec, v)
export const decodeExtensions = (b: Uint8Array) => decode(extensionListCodec, b)
export const encodeExtensions = (v: readonly Extension[]) => encode(extensionListCodec, v as Extension[])
