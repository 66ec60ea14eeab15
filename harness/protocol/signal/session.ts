/**
 * A message-version-3 Double Ratchet session, as the suite's own reference: it replays the legacy
 * transcripts byte for byte. State changes are committed only when a message fully verifies.
 */
import { createCipheriv, createDecipheriv } from "node:crypto"
import { toHex, type Decoded } from "./bytes.ts"
import { chainStep, rootStep, type MessageKeys } from "./kdf.ts"
import { agree, publicKeyOf } from "./keys.ts"
import { writeProto } from "./protobuf.ts"
import { decodeSignalMessage, signalMessageMac, verifySignalMessageMac } from "./wire.ts"
import { x3dhAlice, x3dhBob, type AliceParameters, type BobParameters, type KeyPair } from "./x3dh.ts"

const VERSION_BYTE = 0x33
export const MAX_SKIP = 2000

interface Chain { chainKey: Uint8Array; index: number; skipped: Map<number, MessageKeys> }

interface PreKeyIds {
  registrationId: number
  preKeyId?: number
  signedPreKeyId: number
}

interface State {
  localIdentity: Uint8Array
  remoteIdentity: Uint8Array
  rootKey: Uint8Array
  sending: { ratchet: KeyPair; chain: Chain }
  receiving: Map<string, Chain>
  previousCounter: number
  pendingPreKey?: PreKeyIds & { baseKey: Uint8Array }
}

export const keyPairOf = (priv: Uint8Array): KeyPair => ({ priv, pub: publicKeyOf(priv) })
const chainOf = (chainKey: Uint8Array): Chain => ({ chainKey, index: 0, skipped: new Map() })

export class RatchetSession {
  private constructor(private state: State, private readonly newKeyPair: () => KeyPair) {}

  /** `sendingRatchet` is Alice's first ratchet key; `newKeyPair` supplies every later one. */
  static alice(
    p: AliceParameters, sendingRatchet: KeyPair, prekey: PreKeyIds, newKeyPair: () => KeyPair,
  ): RatchetSession {
    const initial = x3dhAlice(p)
    const step = rootStep(initial.rootKey, agree(p.theirSignedPreKey, sendingRatchet.priv))
    return new RatchetSession({
      localIdentity: p.ourIdentity.pub, remoteIdentity: p.theirIdentity, rootKey: step.rootKey,
      sending: { ratchet: sendingRatchet, chain: chainOf(step.chainKey) },
      receiving: new Map([[toHex(p.theirSignedPreKey), chainOf(initial.chainKey)]]),
      previousCounter: 0, pendingPreKey: { ...prekey, baseKey: p.ourBaseKey.pub },
    }, newKeyPair)
  }

  /** Bob's first ratchet key is his signed prekey, as in libsignal. */
  static bob(p: BobParameters, newKeyPair: () => KeyPair): RatchetSession {
    const initial = x3dhBob(p)
    return new RatchetSession({
      localIdentity: p.ourIdentity.pub, remoteIdentity: p.theirIdentity, rootKey: initial.rootKey,
      sending: { ratchet: p.ourSignedPreKey, chain: chainOf(initial.chainKey) },
      receiving: new Map(), previousCounter: 0,
    }, newKeyPair)
  }

  /** Encrypts to a SignalMessage, wrapped in a PreKeySignalMessage until the peer has answered. */
  encrypt(plaintext: Uint8Array): { type: "prekey" | "whisper"; body: Uint8Array } {
    const s = this.state
    const { messageKeys, next } = chainStep(s.sending.chain.chainKey)
    const cipher = createCipheriv("aes-256-cbc", messageKeys.cipherKey, messageKeys.iv)
    const ciphertext = new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]))
    const proto = writeProto([
      [1, s.sending.ratchet.pub], [2, s.sending.chain.index], [3, s.previousCounter], [4, ciphertext],
    ])
    const authenticated = Uint8Array.of(VERSION_BYTE, ...proto)
    const mac = signalMessageMac(messageKeys.macKey, s.localIdentity, s.remoteIdentity, authenticated)
    const message = Uint8Array.of(...authenticated, ...mac)
    s.sending.chain = { ...s.sending.chain, chainKey: next, index: s.sending.chain.index + 1 }
    const p = s.pendingPreKey
    if (p === undefined) return { type: "whisper", body: message }
    const fields: [number, number | Uint8Array][] = [
      ...(p.preKeyId === undefined ? [] : [[1, p.preKeyId] as [number, number]]),
      [2, p.baseKey], [3, s.localIdentity], [4, message], [5, p.registrationId], [6, p.signedPreKeyId],
    ]
    return { type: "prekey", body: Uint8Array.of(VERSION_BYTE, ...writeProto(fields)) }
  }

  /** Decrypts a SignalMessage; on any failure the session is left exactly as it was. */
  decrypt(bytes: Uint8Array): Decoded<Uint8Array> {
    const decoded = decodeSignalMessage(bytes)
    if (!decoded.ok) return decoded
    const m = decoded.value
    const s = structuredClone(this.state)
    const key = toHex(m.ratchetKey)
    let chain = s.receiving.get(key)
    if (chain === undefined) {
      const received = rootStep(s.rootKey, agree(m.ratchetKey, s.sending.ratchet.priv))
      const ratchet = this.newKeyPair()
      const sent = rootStep(received.rootKey, agree(m.ratchetKey, ratchet.priv))
      chain = chainOf(received.chainKey)
      s.receiving.set(key, chain)
      s.rootKey = sent.rootKey
      s.previousCounter = Math.max(s.sending.chain.index - 1, 0)
      s.sending = { ratchet, chain: chainOf(sent.chainKey) }
    }
    const keys = messageKeysFor(chain, m.counter)
    if (!keys.ok) return keys
    const mac = verifySignalMessageMac(m, keys.value.macKey, s.remoteIdentity, s.localIdentity)
    if (!mac.ok) return mac
    let plaintext: Uint8Array
    try {
      const d = createDecipheriv("aes-256-cbc", keys.value.cipherKey, keys.value.iv)
      plaintext = new Uint8Array(Buffer.concat([d.update(m.ciphertext), d.final()]))
    } catch (e) {
      const error = {
        rule: "signal.message.ciphertext-authenticated", struct: "SignalMessage", field: "ciphertext",
        offset: 0, expected: "AES-256-CBC with valid PKCS#7 padding", got: (e as Error).message,
      }
      return { ok: false, error }
    }
    delete s.pendingPreKey
    this.state = s
    return { ok: true, value: plaintext }
  }
}

function messageKeysFor(chain: Chain, counter: number): Decoded<MessageKeys> {
  const fail = (expected: string, got: string, rule: string): Decoded<MessageKeys> =>
    ({ ok: false, error: { rule, struct: "SignalMessage", field: "counter", offset: 0, expected, got } })
  if (counter < chain.index) {
    const stored = chain.skipped.get(counter)
    if (stored === undefined) {
      return fail(`a counter not yet used (≥ ${chain.index})`, String(counter), "signal.ratchet.replay-refused")
    }
    chain.skipped.delete(counter)
    return { ok: true, value: stored }
  }
  if (counter - chain.index > MAX_SKIP) {
    return fail(`at most ${MAX_SKIP} ahead of ${chain.index}`, String(counter), "signal.ratchet.max-skip-honoured")
  }
  for (;;) {
    const { messageKeys, next } = chainStep(chain.chainKey)
    const index = chain.index
    chain.chainKey = next
    chain.index++
    if (index === counter) return { ok: true, value: messageKeys }
    chain.skipped.set(index, messageKeys)
  }
}
