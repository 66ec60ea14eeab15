import { Writer } from "../../tls-syntax/index.ts"

const utf8 = new TextEncoder()
const PREFIX = "MLS 1.0 "

/** SignContent (§5.1.2): label is prefixed with "MLS 1.0 ". */
export function encodeSignContent(label: string, content: Uint8Array): Uint8Array {
  const w = new Writer(content.length + 64)
  w.opaque(utf8.encode(PREFIX + label))
  w.opaque(content)
  return w.finish()
}

/** RefHashInput (§5.2): the label is used as given, without the "MLS 1.0 " prefix. */
export function encodeRefHashInput(label: string, value: Uint8Array): Uint8Array {
  const w = new Writer(value.length + 64)
  w.opaque(utf8.encode(label))
  w.opaque(value)
  return w.finish()
}

/** KDFLabel (§8): uint16 length, "MLS 1.0 " + label, context. */
export function encodeKdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
  const w = new Writer(context.length + 64)
  w.u16(length)
  w.opaque(utf8.encode(PREFIX + label))
  w.opaque(context)
  return w.finish()
}

/** EncryptContext (§5.1.3): "MLS 1.0 " + label, context. */
export function encodeEncryptContext(label: string, context: Uint8Array): Uint8Array {
  const w = new Writer(context.length + 64)
  w.opaque(utf8.encode(PREFIX + label))
  w.opaque(context)
  return w.finish()
}
