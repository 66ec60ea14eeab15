/**
 * A Signal client target with one seeded fault: it wraps a real target and breaks exactly one rule,
 * so the project's self-tests can prove that the check for that rule fails.
 */
import { toHex } from "../../harness/protocol/signal/bytes.ts"
import { decodePreKeySignalMessage, decodeSignalMessage } from "../../harness/protocol/signal/wire.ts"
import { xeddsaVerify } from "../../harness/protocol/signal/xeddsa.ts"
import type {
  InjectedIdentity, LocalIdentity, Outcome, PreKeyBundle, SignalCapabilities, SignalCiphertext, SignalClient, SignalVersion,
} from "../signal/types.ts"

export const signalFaults = {
  "accept-bad-prekey-signature": "starts a session from a bundle whose prekey signature does not verify",
  "accept-replay": "decrypts a message it has already decrypted, again",
  "accept-unknown-version": "ignores the version byte of incoming messages",
  "lose-session-after-tamper": "loses the session with a peer after refusing one of its messages",
  "accept-any-message": "reports every incoming message as decrypted, even ones the library refused",
  "ignore-identity-change": "starts a session with a known peer whose identity key changed",
  "publish-bad-signature": "publishes a bundle whose signed-prekey signature is corrupt",
  "publish-unprefixed-keys": "publishes its identity key without the 0x05 type byte",
  "send-unknown-version": "sends its SignalMessages (not the initial PreKeySignalMessage) with version byte 0x55",
  "in-order-only": "refuses any message that arrives out of order",
  "misdeclare-versions": "declares the protocol versions it does not speak",
} as const

export type SignalFault = keyof typeof signalFaults

const versionOf = (body: Uint8Array) => (body[0] ?? 0) >> 4

export class FaultySignalClient implements SignalClient {
  private readonly decrypted = new Map<string, Uint8Array>()
  private readonly lost = new Set<string>()
  private readonly identities = new Map<string, string>()
  private readonly chains: { peer: string; ratchetKey: string; counter: number }[] = []

  constructor(private readonly inner: SignalClient, readonly fault: SignalFault) {}

  capabilities(): SignalCapabilities {
    const declared = this.inner.capabilities()
    if (this.fault !== "misdeclare-versions") return declared
    const other = ([3, 4] as SignalVersion[]).filter((v) => !declared.protocolVersions.includes(v))
    return { ...declared, protocolVersions: other }
  }

  async createIdentity(address: string): Promise<Outcome<LocalIdentity>> {
    this.decrypted.clear()
    this.lost.clear()
    this.identities.clear()
    this.chains.length = 0
    return this.inner.createIdentity(address)
  }

  async publishBundle(): Promise<Outcome<PreKeyBundle>> {
    const out = await this.inner.publishBundle()
    if (!out.ok) return out
    const b = out.value
    if (this.fault === "publish-bad-signature") {
      const signature = b.signedPreKey.signature.slice()
      signature[0]! ^= 0x01
      return { ok: true, value: { ...b, signedPreKey: { ...b.signedPreKey, signature } } }
    }
    if (this.fault === "publish-unprefixed-keys") {
      return { ok: true, value: { ...b, identityKey: b.identityKey.slice(1) } }
    }
    return out
  }

  async startSession(peer: string, bundle: PreKeyBundle): Promise<Outcome<void>> {
    const out = await this.inner.startSession(peer, bundle)
    const known = this.identities.get(peer)
    const identity = toHex(bundle.identityKey)
    if (out.ok) {
      this.identities.set(peer, identity)
      return out
    }
    if (out.kind !== "rejected") return out
    const signed = [bundle.signedPreKey, ...(bundle.kyberPreKey === undefined ? [] : [bundle.kyberPreKey])]
    const badSignature = signed.some((k) => !xeddsaVerify(bundle.identityKey, k.publicKey, k.signature))
    if (this.fault === "accept-bad-prekey-signature" && badSignature) return { ok: true, value: undefined }
    const changed = known !== undefined && known !== identity
    if (this.fault === "ignore-identity-change" && changed) return { ok: true, value: undefined }
    return out
  }

  async encrypt(peer: string, plaintext: Uint8Array): Promise<Outcome<SignalCiphertext>> {
    const out = await this.inner.encrypt(peer, plaintext)
    if (!out.ok || this.fault !== "send-unknown-version" || out.value.type !== "whisper") return out
    return { ok: true, value: { ...out.value, body: Uint8Array.of(0x55, ...out.value.body.subarray(1)) } }
  }

  async decrypt(peer: string, message: SignalCiphertext): Promise<Outcome<Uint8Array>> {
    if (this.fault === "lose-session-after-tamper" && this.lost.has(peer)) {
      return { ok: false, kind: "rejected", detail: "no session (lost after an earlier refusal)" }
    }
    if (this.fault === "in-order-only" && this.outOfOrder(peer, message)) {
      return { ok: false, kind: "rejected", detail: "message out of order" }
    }
    let body = message.body
    const declared = this.capabilities().protocolVersions
    if (this.fault === "accept-unknown-version" && !declared.some((v) => v === versionOf(body))) {
      const v = Math.max(...declared)
      body = Uint8Array.of((v << 4) | v, ...body.subarray(1))
    }
    const out = await this.inner.decrypt(peer, { ...message, body })
    const key = `${peer}:${toHex(message.body)}`
    if (out.ok) {
      this.decrypted.set(key, out.value)
      return out
    }
    if (out.kind !== "rejected") return out
    const earlier = this.decrypted.get(key)
    if (this.fault === "accept-replay" && earlier !== undefined) return { ok: true, value: earlier }
    if (this.fault === "accept-any-message") return { ok: true, value: new Uint8Array(0) }
    if (this.fault === "lose-session-after-tamper") this.lost.add(peer)
    return out
  }

  injectIdentity(keys: InjectedIdentity): Promise<Outcome<LocalIdentity>> {
    return this.inner.injectIdentity(keys)
  }

  queueKeyPairs(privateKeys: Uint8Array[]): Promise<Outcome<void>> {
    return this.inner.queueKeyPairs(privateKeys)
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  // Out of order: an older counter in a known chain, or any message of a chain older than the newest.
  private outOfOrder(peer: string, message: SignalCiphertext): boolean {
    const pre = message.type === "prekey" ? decodePreKeySignalMessage(message.body) : undefined
    const decoded = pre?.ok ? { ok: true as const, value: pre.value.message } : decodeSignalMessage(message.body)
    if (!decoded.ok) return false
    const ratchetKey = toHex(decoded.value.ratchetKey)
    const mine = this.chains.filter((c) => c.peer === peer)
    const newest = mine.at(-1)
    const chain = mine.find((c) => c.ratchetKey === ratchetKey)
    if (chain === undefined) {
      this.chains.push({ peer, ratchetKey, counter: decoded.value.counter })
      return false
    }
    if (chain !== newest || decoded.value.counter < chain.counter) return true
    chain.counter = decoded.value.counter
    return false
  }
}
