/**
 * SignalMessage and PreKeySignalMessage as libsignal frames them: a version byte
 * ((message version << 4) | current version), a protobuf, and for SignalMessage an 8-byte
 * truncated HMAC-SHA256 over senderIdentity ‖ receiverIdentity ‖ version byte ‖ protobuf.
 */
import { concat, equal, toHex, type Decoded } from "./bytes.ts"
import { hmacSha256 } from "./kdf.ts"
import { decodePublicKey } from "./keys.ts"
import { readProto, type ProtoField } from "./protobuf.ts"

export const MAC_LENGTH = 8

export interface SignalMessage {
  messageVersion: number
  currentVersion: number
  ratchetKey: Uint8Array
  counter: number
  previousCounter: number
  ciphertext: Uint8Array
  /** SPQR data (libsignal v4, field 5), absent in v3. */
  pqRatchet?: Uint8Array
  /** version byte ‖ protobuf: what the MAC covers after the two identity keys. */
  authenticated: Uint8Array
  mac: Uint8Array
}

export interface PreKeySignalMessage {
  messageVersion: number
  registrationId?: number
  preKeyId?: number
  signedPreKeyId: number
  kyberPreKeyId?: number
  kyberCiphertext?: Uint8Array
  baseKey: Uint8Array
  identityKey: Uint8Array
  message: SignalMessage
}

type Fail = { ok: false; error: import("./bytes.ts").SignalDecodeError }
function fail(
  struct: string, field: string, offset: number, expected: string, got: string, rule = "signal.wire.well-formed",
): Fail {
  return { ok: false, error: { rule, struct, field, offset, expected, got } }
}

function versionByte(bytes: Uint8Array, struct: string): Decoded<[number, number]> {
  if (bytes.length === 0) return fail(struct, "version", 0, "a version byte", "no bytes")
  const v = bytes[0]!
  const [message, current] = [v >> 4, v & 0x0f]
  if (message < 3 || message > 4) {
    return fail(struct, "version", 0, "message version 3 or 4", `0x${v.toString(16)}`, "signal.message.version-checked")
  }
  return { ok: true, value: [message, current] }
}

const lastOf = (fields: ProtoField[], n: number) => fields.filter((f) => f.number === n).at(-1)

type FieldValue<T> = Decoded<T extends "bytes" ? Uint8Array : number>

function need<T extends "bytes" | "uint">(
  fields: ProtoField[], n: number, name: string, kind: T, struct: string, base: number,
): FieldValue<T> {
  const f = lastOf(fields, n)
  if (f === undefined) return fail(struct, name, base, `field ${n} (${name})`, "absent")
  if ((kind === "bytes") !== f.value instanceof Uint8Array) return fail(struct, name, f.offset, kind, typeof f.value)
  const value = f.value instanceof Uint8Array ? f.value : Number(f.value)
  return { ok: true, value: value as T extends "bytes" ? Uint8Array : number }
}

const optUint = (fields: ProtoField[], n: number) => {
  const f = lastOf(fields, n)
  return f === undefined || f.value instanceof Uint8Array ? undefined : Number(f.value)
}

export function decodeSignalMessage(bytes: Uint8Array, base = 0): Decoded<SignalMessage> {
  const S = "SignalMessage"
  const version = versionByte(bytes, S)
  if (!version.ok) return version
  if (bytes.length < 1 + MAC_LENGTH) return fail(S, "mac", base, `at least ${1 + MAC_LENGTH} bytes`, `${bytes.length}`)
  const body = bytes.subarray(1, bytes.length - MAC_LENGTH)
  const proto = readProto(body, S, base + 1)
  if (!proto.ok) return proto
  const f = proto.value
  const ratchetKey = need(f, 1, "ratchetKey", "bytes", S, base)
  if (!ratchetKey.ok) return ratchetKey
  const key = decodePublicKey(ratchetKey.value, "ratchetKey", S)
  if (!key.ok) return key
  const counter = need(f, 2, "counter", "uint", S, base)
  if (!counter.ok) return counter
  const ciphertext = need(f, 4, "ciphertext", "bytes", S, base)
  if (!ciphertext.ok) return ciphertext
  const pq = lastOf(f, 5)?.value
  return {
    ok: true,
    value: {
      messageVersion: version.value[0], currentVersion: version.value[1],
      ratchetKey: ratchetKey.value, counter: counter.value, previousCounter: optUint(f, 3) ?? 0,
      ciphertext: ciphertext.value, ...(pq instanceof Uint8Array ? { pqRatchet: pq } : {}),
      authenticated: bytes.slice(0, bytes.length - MAC_LENGTH), mac: bytes.slice(bytes.length - MAC_LENGTH),
    },
  }
}

export function decodePreKeySignalMessage(bytes: Uint8Array): Decoded<PreKeySignalMessage> {
  const S = "PreKeySignalMessage"
  const version = versionByte(bytes, S)
  if (!version.ok) return version
  const proto = readProto(bytes.subarray(1), S, 1)
  if (!proto.ok) return proto
  const f = proto.value
  const baseKey = need(f, 2, "baseKey", "bytes", S, 1)
  if (!baseKey.ok) return baseKey
  const identityKey = need(f, 3, "identityKey", "bytes", S, 1)
  if (!identityKey.ok) return identityKey
  for (const [name, k] of [["baseKey", baseKey.value], ["identityKey", identityKey.value]] as const) {
    const decoded = decodePublicKey(k, name, S)
    if (!decoded.ok) return decoded
  }
  const signedPreKeyId = need(f, 6, "signedPreKeyId", "uint", S, 1)
  if (!signedPreKeyId.ok) return signedPreKeyId
  const inner = need(f, 4, "message", "bytes", S, 1)
  if (!inner.ok) return inner
  const message = decodeSignalMessage(inner.value, lastOf(f, 4)!.offset)
  if (!message.ok) return message
  const kyberCiphertext = lastOf(f, 8)?.value
  const optional = { registrationId: optUint(f, 5), preKeyId: optUint(f, 1), kyberPreKeyId: optUint(f, 7) }
  return {
    ok: true,
    value: {
      messageVersion: version.value[0], signedPreKeyId: signedPreKeyId.value,
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      ...(kyberCiphertext instanceof Uint8Array ? { kyberCiphertext } : {}),
      baseKey: baseKey.value, identityKey: identityKey.value, message: message.value,
    },
  }
}

/** The truncated MAC a SignalMessage must carry, given the sender's and receiver's identity keys. */
export function signalMessageMac(
  macKey: Uint8Array, sender: Uint8Array, receiver: Uint8Array, authenticated: Uint8Array,
): Uint8Array {
  return hmacSha256(macKey, concat(sender, receiver, authenticated)).slice(0, MAC_LENGTH)
}

export function verifySignalMessageMac(
  m: SignalMessage, macKey: Uint8Array, sender: Uint8Array, receiver: Uint8Array,
): Decoded<true> {
  const expected = signalMessageMac(macKey, sender, receiver, m.authenticated)
  if (equal(expected, m.mac)) return { ok: true, value: true }
  const offset = m.authenticated.length
  return fail("SignalMessage", "mac", offset, toHex(expected), toHex(m.mac), "signal.message.mac-verified")
}
