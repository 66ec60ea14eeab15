import { decode } from "cbor2"

/** What franking needs from a message (-06 §5.4.1.1): the salt and the sender and room URIs. */
export interface FrankedFields {
  salt: Uint8Array
  senderUri: string
  roomUri: string
}

export type FrankedFieldsResult = { ok: true; value: FrankedFields } | { ok: false; detail: string }

/**
 * Locates the franked fields in MIMI content (content-08): `salt` is element 0 (16 bytes) and
 * `mimiExtensions` element 5, with senderUri under key 1 and roomUri under key 2. This reads only
 * those fields; full validation of the content is the content codec's job.
 */
export function frankedFieldsOf(content: Uint8Array): FrankedFieldsResult {
  let root: unknown
  try {
    root = decode(content)
  } catch (e) {
    return { ok: false, detail: `message content is not CBOR: ${(e as Error).message}` }
  }
  if (!Array.isArray(root) || root.length !== 7) {
    return { ok: false, detail: "message content is not a 7-element mimiContent array" }
  }
  const salt: unknown = root[0]
  if (!(salt instanceof Uint8Array) || salt.length !== 16) {
    return { ok: false, detail: "salt (element 0) is not a 16-byte string" }
  }
  const extensions: unknown = root[5]
  if (!(extensions instanceof Map)) return { ok: false, detail: "mimiExtensions (element 5) is not a map" }
  const senderUri: unknown = extensions.get(1)
  const roomUri: unknown = extensions.get(2)
  if (typeof senderUri !== "string") return { ok: false, detail: "mimiExtensions has no senderUri (key 1) text" }
  if (typeof roomUri !== "string") return { ok: false, detail: "mimiExtensions has no roomUri (key 2) text" }
  return { ok: true, value: { salt: new Uint8Array(salt), senderUri, roomUri } }
}
