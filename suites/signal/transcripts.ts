/**
 * The legacy two-party transcripts (libsignal-protocol-javascript testvectors) replayed through a
 * target that accepts injected keys: the target plays the transcript's own party, the other party
 * is the transcript's bytes. Only targets declaring `keyInjection` can take part.
 */
import { isTrue, showHex } from "../../harness/engine/finding.ts"
import { equal, fromHex } from "../../harness/protocol/signal/bytes.ts"
import { padded, unpaddedBody, type TranscriptSet } from "../../harness/protocol/signal/transcript.ts"
import { decodePreKeySignalMessage } from "../../harness/protocol/signal/wire.ts"
import { defaultVectorsDir, loadVectorFile } from "../../harness/vectors/load.ts"
import type { InjectedIdentity, PreKeyBundle, SignalClient } from "../../targets/signal/types.ts"
import { expectDone, expectOk, type SignalCheck } from "./support.ts"

const ID = "signal.ratchet.kdf-chains-match"

/** The seven two-party sets; the end-session sets depend on application behaviour, not the protocol. */
export function twoPartySets(dir = defaultVectorsDir): TranscriptSet[] {
  return loadVectorFile<TranscriptSet[]>("signal/testvectors.json", dir).filter((s) => !s.name.includes("End Session"))
}
const PEER = "them"

/** Field-by-field equality of two PreKeySignalMessages, the embedded SignalMessage byte for byte. */
function samePreKeyMessage(actual: Uint8Array, expected: Uint8Array): boolean {
  const [a, e] = [decodePreKeySignalMessage(actual), decodePreKeySignalMessage(expected)]
  if (!a.ok || !e.ok) return false
  const fields = (m: typeof a.value) => JSON.stringify([
    m.messageVersion, m.preKeyId, m.signedPreKeyId, m.registrationId,
    showHex(m.baseKey), showHex(m.identityKey), showHex(m.message.authenticated), showHex(m.message.mac),
  ])
  return fields(a.value) === fields(e.value)
}

const hex = (v: unknown) => fromHex(String(v))

function identityOf(d: Record<string, unknown>): InjectedIdentity {
  return {
    address: "us", identityPrivate: hex(d.ourIdentityKey), registrationId: Number(d.registrationId ?? 1),
    ...(d.ourSignedPreKey === undefined ? {} : {
      signedPreKey: { id: Number(d.signedPreKeyId), private: hex(d.ourSignedPreKey) },
    }),
    ...(d.ourPreKey === undefined ? {} : { preKey: { id: Number(d.preKeyId), private: hex(d.ourPreKey) } }),
  }
}

interface TranscriptKeys {
  identityKey: string
  devices: { registrationId: number; preKey?: { keyId: number; publicKey: string }
    signedPreKey: { keyId: number; publicKey: string; signature: string } }[]
}

function bundleOf(keys: TranscriptKeys): PreKeyBundle {
  const device = keys.devices[0]!
  const { signedPreKey: spk, preKey } = device
  return {
    registrationId: device.registrationId, deviceId: 1, identityKey: hex(keys.identityKey),
    signedPreKey: { id: spk.keyId, publicKey: hex(spk.publicKey), signature: hex(spk.signature) },
    ...(preKey === undefined ? {} : { preKey: { id: preKey.keyId, publicKey: hex(preKey.publicKey) } }),
  }
}

export async function replayThroughTarget(target: SignalClient, set: TranscriptSet, check: SignalCheck): Promise<void> {
  let injected: string | undefined
  for (const [n, [direction, d]] of set.vectors.entries()) {
    const step = `step ${n + 1} (${direction} ${String(d.smsText ?? d.expectedSmsText ?? "")})`
    if (d.ourIdentityKey !== undefined && injected !== String(d.ourIdentityKey)) {
      injected = String(d.ourIdentityKey)
      if (!expectDone(check, ID, await target.injectIdentity(identityOf(d)), `${step}: injecting the identity`)) return
    }
    const queue = [d.ourBaseKey, d.ourEphemeralKey, d.newEphemeralKey].filter((k) => k !== undefined).map(hex)
    if (queue.length > 0 && !expectDone(check, ID, await target.queueKeyPairs(queue), `${step}: queueing keys`)) return
    if (direction === "sendMessage") {
      const keys = d.getKeys as TranscriptKeys | undefined
      if (keys !== undefined) {
        const started = await target.startSession(PEER, bundleOf(keys))
        if (!expectDone(check, ID, started, `${step}: starting the session`)) return
      }
      const sent = expectOk(check, ID, await target.encrypt(PEER, padded(String(d.smsText))), `${step}: encrypting`)
      if (sent === undefined) return
      const expected = hex(d.expectedCiphertext)
      const same = sent.type === "prekey" ? samePreKeyMessage(sent.body, expected) : equal(sent.body, expected)
      check(ID, isTrue(same, `${step}: ${showHex(expected, 24)}`, showHex(sent.body, 24)))
    } else {
      const type = d.type === 3 ? "prekey" : "whisper"
      const got = expectOk(check, ID, await target.decrypt(PEER, { type, body: hex(d.message) }), `${step}: decrypting`)
      if (got === undefined) return
      const text = unpaddedBody(got)
      const expected = `${step}: ${JSON.stringify(d.expectedSmsText)}`
      check(ID, isTrue(text === d.expectedSmsText, expected, JSON.stringify(text ?? null)))
    }
  }
}
