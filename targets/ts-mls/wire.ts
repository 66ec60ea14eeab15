import {
  bytesToBase64,
  decodeMlsMessage,
  type KeyPackage,
  type MLSMessage,
  type MlsPrivateMessage,
  type MlsPublicMessage,
  type RatchetTree,
  type Welcome,
} from "ts-mls"
import { decodeRatchetTree } from "ts-mls/ratchetTree.js"
import type { ExternalPsk } from "../types.ts"

/** Input the adapter refuses before ts-mls sees it (bytes that do not decode as what they claim). */
export class Refused extends Error {
  override readonly name = "Refused"
}

type Decoder<T> = (b: Uint8Array, offset: number) => [T, number] | undefined

// ts-mls decoders return undefined on malformed input and ignore trailing bytes; both are refusals here.
export function decodeWhole<T>(decoder: Decoder<T>, bytes: Uint8Array, what: string): T {
  let decoded: [T, number] | undefined
  try {
    decoded = decoder(bytes, 0)
  } catch (e) {
    throw new Refused(`${what} does not decode: ${(e as Error).message}`)
  }
  if (decoded === undefined) throw new Refused(`${what} does not decode`)
  const [value, end] = decoded
  if (end !== bytes.byteLength) throw new Refused(`${what} has ${bytes.byteLength - end} trailing byte(s)`)
  return value
}

function mlsMessage(bytes: Uint8Array, what: string): MLSMessage {
  return decodeWhole(decodeMlsMessage, bytes, what)
}

export function keyPackageOf(bytes: Uint8Array): KeyPackage {
  const m = mlsMessage(bytes, "key_package")
  if (m.wireformat !== "mls_key_package") throw new Refused(`key_package is an MLSMessage of type ${m.wireformat}`)
  return m.keyPackage
}

export function welcomeOf(bytes: Uint8Array): Welcome {
  const m = mlsMessage(bytes, "welcome")
  if (m.wireformat !== "mls_welcome") throw new Refused(`welcome is an MLSMessage of type ${m.wireformat}`)
  return m.welcome
}

export function ratchetTreeOf(bytes: Uint8Array): RatchetTree {
  return decodeWhole(decodeRatchetTree, bytes, "ratchet_tree")
}

/** A handshake message as processMessage takes it: a PublicMessage or a PrivateMessage. */
export function handshakeOf(bytes: Uint8Array, what: string): MlsPublicMessage | MlsPrivateMessage {
  const m = mlsMessage(bytes, what)
  if (m.wireformat === "mls_public_message" || m.wireformat === "mls_private_message") return m
  throw new Refused(`${what} is an MLSMessage of type ${m.wireformat}`)
}

/** ts-mls looks external PSKs up by the base64 of their psk_id. */
export function pskTable(psks: ExternalPsk[]): Record<string, Uint8Array> {
  return Object.fromEntries(psks.map((p) => [bytesToBase64(p.id), p.secret]))
}
