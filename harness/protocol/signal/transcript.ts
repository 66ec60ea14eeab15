/**
 * Replays a legacy two-party transcript (libsignal-protocol-javascript's testvectors) through the
 * suite's own v3 session: every received message must decrypt to the expected text, and every sent
 * message must equal the expected bytes once the transcript's private keys are used.
 */
import { equal, fromHex, toHex } from "./bytes.ts"
import { readProto, writeProto } from "./protobuf.ts"
import { keyPairOf, RatchetSession } from "./session.ts"
import { decodePreKeySignalMessage } from "./wire.ts"
import type { KeyPair } from "./x3dh.ts"

export interface TranscriptSet {
  name: string
  vectors: [string, Record<string, unknown>][]
}

export interface StepResult {
  step: string
  ok: boolean
  rule?: string
  detail?: string
}

// TextSecure PushMessageContent { body = 1 } with the legacy padding: 0x80, then zeros to 159 bytes.
export function padded(text: string): Uint8Array {
  const body = writeProto([[1, new TextEncoder().encode(text)]])
  const out = new Uint8Array(159)
  out.set(body)
  out[body.length] = 0x80
  return out
}

export function unpaddedBody(plaintext: Uint8Array): string | undefined {
  const end = plaintext.lastIndexOf(0x80)
  if (end < 0 || plaintext.subarray(end + 1).some((b) => b !== 0)) return undefined
  const proto = readProto(plaintext.subarray(0, end), "PushMessageContent")
  const body = proto.ok ? proto.value.find((f) => f.number === 1)?.value : undefined
  return body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined
}

export function replayTranscript(set: TranscriptSet): StepResult[] {
  const queue: Uint8Array[] = []
  const next = (): KeyPair => {
    const priv = queue.shift()
    if (priv === undefined) throw new Error("the transcript supplies no further ratchet key")
    return keyPairOf(priv)
  }
  const hex = (v: unknown) => fromHex(String(v))
  let session: RatchetSession | undefined
  let baseKey: Uint8Array | undefined
  const results: StepResult[] = []
  for (const [direction, d] of set.vectors) {
    const label = `${direction} ${String(d.smsText ?? d.expectedSmsText ?? "")}`
    try {
      if (d.newEphemeralKey !== undefined) queue.push(hex(d.newEphemeralKey))
      if (direction === "sendMessage") {
        const keys = d.getKeys as { identityKey: string; devices: Record<string, any>[] } | undefined
        if (keys !== undefined) {
          const device = keys.devices[0]!
          session = RatchetSession.alice({
            ourIdentity: keyPairOf(hex(d.ourIdentityKey)), ourBaseKey: keyPairOf(hex(d.ourBaseKey)),
            theirIdentity: hex(keys.identityKey), theirSignedPreKey: hex(device.signedPreKey.publicKey),
            theirOneTimePreKey: device.preKey === undefined ? undefined : hex(device.preKey.publicKey),
          }, keyPairOf(hex(d.ourEphemeralKey)), {
            registrationId: Number(d.registrationId),
            preKeyId: device.preKey?.keyId,
            signedPreKeyId: device.signedPreKey.keyId,
          }, next)
        }
        if (session === undefined) throw new Error("send before any session")
        const sent = session.encrypt(padded(String(d.smsText)))
        const expected = hex(d.expectedCiphertext)
        results.push(equal(sent.body, expected)
          ? { step: label, ok: true }
          : {
            step: label, ok: false, rule: "signal.wire.well-formed",
            detail: `sent ${toHex(sent.body)}, expected ${toHex(expected)}`,
          })
        continue
      }
      let message = hex(d.message)
      if (d.type === 3) {
        const pre = decodePreKeySignalMessage(message)
        if (!pre.ok) throw new Error(`${pre.error.field}: ${pre.error.expected}, got ${pre.error.got}`)
        if (baseKey === undefined || !equal(baseKey, pre.value.baseKey)) {
          baseKey = pre.value.baseKey
          session = RatchetSession.bob({
            ourIdentity: keyPairOf(hex(d.ourIdentityKey)), ourSignedPreKey: keyPairOf(hex(d.ourSignedPreKey)),
            ourOneTimePreKey: d.ourPreKey === undefined ? undefined : keyPairOf(hex(d.ourPreKey)),
            theirIdentity: pre.value.identityKey, theirBaseKey: pre.value.baseKey,
          }, next)
        }
        message = Uint8Array.of(...pre.value.message.authenticated, ...pre.value.message.mac)
      }
      if (session === undefined) throw new Error("receive before any session")
      const plain = session.decrypt(message)
      const text = plain.ok ? unpaddedBody(plain.value) : undefined
      const ok = plain.ok ? text === d.expectedSmsText : d.expectException === true
      results.push(ok ? { step: label, ok } : {
        step: label, ok, rule: plain.ok ? "signal.ratchet.in-order" : plain.error.rule,
        detail: plain.ok
          ? `decrypted ${JSON.stringify(text)}`
          : `${plain.error.field}: ${plain.error.expected}, got ${plain.error.got}`,
      })
    } catch (e) {
      results.push({ step: label, ok: false, detail: (e as Error).message })
    }
  }
  return results
}
