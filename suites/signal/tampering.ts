/**
 * Tampered messages: a flipped MAC, ciphertext or version byte is refused, and the genuine message
 * still decrypts afterwards (the refusal changed no state).
 */
import { decodeSignalMessage } from "../../harness/protocol/signal/wire.ts"
import type { SignalRequirementId } from "../../harness/requirements/signal/session.ts"
import type { SignalCiphertext } from "../../targets/signal/types.ts"
import { converse, delivers, expectOk, refused, text, type SignalScenario } from "./support.ts"

type Tamper = (body: Uint8Array) => Uint8Array | undefined

const macByte: Tamper = (body) => {
  const out = body.slice()
  out[out.length - 1]! ^= 0x01
  return out
}

const ciphertextByte: Tamper = (body) => {
  const decoded = decodeSignalMessage(body)
  if (!decoded.ok) return undefined
  const at = Buffer.from(body).indexOf(Buffer.from(decoded.value.ciphertext))
  const out = body.slice()
  out[at]! ^= 0x01
  return out
}

const versionByte = (byte: number): Tamper => (body) => Uint8Array.of(byte, ...body.subarray(1))

function tampering(id: SignalRequirementId, tamper: Tamper, what: string): SignalScenario {
  return async (alice, bob, check) => {
    if (!(await converse(alice, bob, check))) return
    // 1. A genuine message from Alice, and its tampered copy.
    const sent = text(`genuine, then ${what}`)
    const genuine = expectOk(check, id, await alice.encrypt("bob", sent), "Alice encrypts")
    if (genuine === undefined) return
    const body = tamper(genuine.body)
    if (body === undefined) {
      const expected = "a SignalMessage the suite decodes"
      check("signal.wire.well-formed", { ok: false, expected, actual: "undecodable" })
      return
    }
    const forged: SignalCiphertext = { type: genuine.type, body }
    // 2. The copy is refused.
    check(id, refused(await bob.decrypt("alice", forged), `a message with ${what}`))
    // 3. The refusal changed nothing: the genuine message decrypts.
    const after = await delivers(bob, "alice", genuine, sent, `the genuine message after one with ${what}`)
    check("signal.ratchet.failure-keeps-state", after)
  }
}

export const tamperedMac = tampering("signal.message.mac-verified", macByte, "a flipped MAC bit")
export const tamperedCiphertext =
  tampering("signal.message.ciphertext-authenticated", ciphertextByte, "a flipped ciphertext bit")
export const unknownVersion = tampering("signal.message.version-checked", versionByte(0x55), "version byte 0x55")
export const obsoleteVersion = tampering("signal.message.version-checked", versionByte(0x22), "version byte 0x22")
