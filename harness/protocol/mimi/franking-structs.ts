import { readCredential, writeCredential, type Credential } from "../mls/codec/credential.ts"
import { codec, decode, decodeWith, encode, Writer, type Reader, type Result } from "../tls-syntax/index.ts"
import { readSafeAad, readUri, writeSafeAad, writeUri, type ComponentData } from "./common.ts"

/** MLS application component IDs registered by -06 §10. */
export const Component = { frankAad: 0x0020, frankingAgent: 0x0021, participantList: 0x0022, roomMetadata: 0x0023 }

/** §5.4 `struct { uint8 server_frank[32]; CipherSuite franking_signature_ciphersuite; opaque ...<V>; } Frank`. */
export interface Frank {
  serverFrank: Uint8Array
  cipherSuite: number
  signature: Uint8Array
}

export function readFrank(r: Reader): Frank {
  return {
    serverFrank: r.fixed("server_frank", 32),
    cipherSuite: r.u16("franking_signature_ciphersuite"),
    signature: r.opaque("franking_integrity_signature"),
  }
}

export function writeFrank(w: Writer, v: Frank): void {
  if (v.serverFrank.length !== 32) throw new RangeError("server_frank must be 32 bytes")
  w.bytes(v.serverFrank)
  w.u16(v.cipherSuite)
  w.opaque(v.signature)
}

/** §5.4.1.2 ServerFrankingContext: the IdentifierUri fields are `opaque uri<V>`. */
export interface ServerFrankingContext {
  senderUri: string
  roomUri: string
  acceptedTimestamp: bigint
}

export function readServerFrankingContext(r: Reader): ServerFrankingContext {
  return {
    senderUri: readUri(r, "sender_uri"),
    roomUri: readUri(r, "room_uri"),
    acceptedTimestamp: r.u64("accepted_timestamp"),
  }
}

export function writeServerFrankingContext(w: Writer, v: ServerFrankingContext): void {
  writeUri(w, v.senderUri)
  writeUri(w, v.roomUri)
  w.u64(v.acceptedTimestamp)
}

/** §5.4.1.2 FrankingIntegrityTBS, the content signed with label "FrankingIntegrityTBS". */
export function encodeFrankingIntegrityTbs(
  serverFrank: Uint8Array, cipherSuite: number, context: ServerFrankingContext,
): Uint8Array {
  const w = new Writer()
  if (serverFrank.length !== 32) throw new RangeError("server_frank must be 32 bytes")
  w.bytes(serverFrank)
  w.u16(cipherSuite)
  writeServerFrankingContext(w, context)
  return w.finish()
}

/** §5.4.1 `struct { uint8 franking_tag[32]; } FrankAAD`, carried as SafeAAD item 0x0020. */
export function readFrankAad(r: Reader): Uint8Array {
  return r.fixed("franking_tag", 32)
}

/** §5.4.1 FrankingAgentData, mirroring RFC 9420 ExternalSender. */
export interface FrankingAgentData {
  signatureKey: Uint8Array
  credential: Credential
}

export function readFrankingAgentData(r: Reader): FrankingAgentData {
  return { signatureKey: r.opaque("franking_signature_key"), credential: r.struct("credential", readCredential) }
}

export function writeFrankingAgentData(w: Writer, v: FrankingAgentData): void {
  w.opaque(v.signatureKey)
  writeCredential(w, v.credential)
}

export const frankCodec = codec("Frank", readFrank, writeFrank)
export const decodeFrank = (b: Uint8Array) => decode(frankCodec, b)
export const encodeFrank = (v: Frank) => encode(frankCodec, v)
export const serverFrankingContextCodec = codec("ServerFrankingContext", readServerFrankingContext,
  writeServerFrankingContext)
export const encodeServerFrankingContext = (v: ServerFrankingContext) => encode(serverFrankingContextCodec, v)
export const decodeServerFrankingContext = (b: Uint8Array) => decode(serverFrankingContextCodec, b)
export const frankAadCodec = codec("FrankAAD", readFrankAad, (w, v: Uint8Array) => w.bytes(v))
export const decodeFrankAad = (b: Uint8Array) => decode(frankAadCodec, b)
export const frankingAgentDataCodec = codec("FrankingAgentData", readFrankingAgentData, writeFrankingAgentData)
export const decodeFrankingAgentData = (b: Uint8Array) => decode(frankingAgentDataCodec, b)
export const encodeFrankingAgentData = (v: FrankingAgentData) => encode(frankingAgentDataCodec, v)

/** The authenticated_data of a franked PrivateMessage: SafeAAD with the frank_aad item (plus `others`). */
export function encodeFrankedAad(frankingTag: Uint8Array, others: readonly ComponentData[] = []): Uint8Array {
  if (frankingTag.length !== 32) throw new RangeError("franking_tag must be 32 bytes")
  const items = [...others, { componentId: Component.frankAad, data: frankingTag }]
  const w = new Writer()
  writeSafeAad(w, items.sort((a, b) => a.componentId - b.componentId))
  return w.finish()
}

/** The franking_tag in a PrivateMessage's authenticated_data; undefined when there is no frank_aad item. */
export function decodeFrankingTag(authenticatedData: Uint8Array): Result<Uint8Array | undefined> {
  return decodeWith("SafeAAD", authenticatedData, (r) => {
    const frankAad = (id: number, data: Uint8Array) =>
      id === Component.frankAad && data.length !== 32 ? "a 32-byte FrankAAD" : undefined
    return readSafeAad(r, frankAad).find((i) => i.componentId === Component.frankAad)?.data
  })
}
