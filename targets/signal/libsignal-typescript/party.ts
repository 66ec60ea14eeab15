/**
 * A party on @privacyresearch/libsignal-protocol-typescript (GPL-3.0; v3 / X3DH only). Loaded only
 * inside a party worker, and only when this implementation is selected.
 */
import { x25519 } from "@noble/curves/ed25519.js"
import * as lt from "@privacyresearch/libsignal-protocol-typescript"
import type { Party } from "../party.ts"
import type { InjectedIdentity, LocalIdentity, PreKeyBundle, SignalCiphertext } from "../types.ts"

const DEVICE_ID = 1
type KeyPair = lt.KeyPairType<ArrayBuffer>

const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer
const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b.slice(0))
const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b))
// The library keys some calls by "name.device" and others by name alone.
const nameOf = (address: string) => address.replace(/\.\d+$/, "")

/** In-memory store; identity trust is strict trust on first use, as in the libsignal-client party. */
class Store implements lt.StorageType {
  private readonly identities = new Map<string, ArrayBuffer>()
  private readonly sessions = new Map<string, string>()
  readonly preKeys = new Map<string, KeyPair>()
  readonly signedPreKeys = new Map<string, KeyPair>()
  constructor(private readonly identity: KeyPair, private readonly registrationId: number) {}

  async getIdentityKeyPair() { return this.identity }
  async getLocalRegistrationId() { return this.registrationId }
  async isTrustedIdentity(identifier: string, key: ArrayBuffer) {
    const known = this.identities.get(nameOf(identifier))
    return known === undefined || same(known, key)
  }
  async saveIdentity(address: string, key: ArrayBuffer) {
    const known = this.identities.get(nameOf(address))
    this.identities.set(nameOf(address), key)
    return known !== undefined && !same(known, key)
  }
  async loadPreKey(id: string | number) { return this.preKeys.get(String(id)) }
  async storePreKey(id: string | number, pair: KeyPair) { this.preKeys.set(String(id), pair) }
  async removePreKey(id: string | number) { this.preKeys.delete(String(id)) }
  async storeSession(address: string, record: string) { this.sessions.set(address, record) }
  async loadSession(address: string) { return this.sessions.get(address) }
  async loadSignedPreKey(id: string | number) { return this.signedPreKeys.get(String(id)) }
  async storeSignedPreKey(id: string | number, pair: KeyPair) { this.signedPreKeys.set(String(id), pair) }
  async removeSignedPreKey(id: string | number) { this.signedPreKeys.delete(String(id)) }
}

// The library draws each new private key as 32 random bytes: queued transcript keys are served first.
const queued: Uint8Array[] = []
const injecting = {
  subtle: globalThis.crypto.subtle,
  getRandomValues<T extends ArrayBufferView | null>(array: T): T {
    const next = array instanceof Uint8Array && array.length === 32 ? queued.shift() : undefined
    if (next !== undefined) (array as Uint8Array).set(next)
    else globalThis.crypto.getRandomValues(array as Uint8Array)
    return array
  },
}

const pairOf = (priv: Uint8Array): KeyPair => ({
  privKey: ab(priv),
  pubKey: ab(Uint8Array.of(0x05, ...x25519.getPublicKey(priv))),
})

export function createParty(): Party {
  lt.setWebCrypto(injecting as unknown as Parameters<typeof lt.setWebCrypto>[0])
  let state: { store: Store; identity: KeyPair; registrationId: number; nextId: number } | undefined
  const need = () => {
    if (state === undefined) throw new Error("no identity: call createIdentity first")
    return state
  }
  const peerAddress = (peer: string) => new lt.SignalProtocolAddress(peer, DEVICE_ID)

  return {
    async createIdentity(address: string): Promise<LocalIdentity> {
      queued.length = 0
      const identity = await lt.KeyHelper.generateIdentityKeyPair()
      const pub = bytes(identity.pubKey)
      const registrationId = 1 + (((pub[1]! << 8) | pub[2]!) % 16380)
      state = { store: new Store(identity, registrationId), identity, registrationId, nextId: 1 }
      return { address, identityKey: pub, registrationId }
    },

    async injectIdentity(keys: InjectedIdentity): Promise<LocalIdentity> {
      queued.length = 0
      const identity = pairOf(keys.identityPrivate)
      const store = new Store(identity, keys.registrationId)
      const { signedPreKey, preKey } = keys
      if (signedPreKey !== undefined) await store.storeSignedPreKey(signedPreKey.id, pairOf(signedPreKey.private))
      if (preKey !== undefined) await store.storePreKey(preKey.id, pairOf(preKey.private))
      state = { store, identity, registrationId: keys.registrationId, nextId: 1 }
      return { address: keys.address, identityKey: bytes(identity.pubKey), registrationId: keys.registrationId }
    },

    async queueKeyPairs(privateKeys: Uint8Array[]): Promise<void> {
      queued.push(...privateKeys)
    },

    async publishBundle(): Promise<PreKeyBundle> {
      const s = need()
      const id = s.nextId++
      const preKey = await lt.KeyHelper.generatePreKey(id)
      const signed = await lt.KeyHelper.generateSignedPreKey(s.identity, id)
      await s.store.storePreKey(id, preKey.keyPair)
      await s.store.storeSignedPreKey(id, signed.keyPair)
      return {
        registrationId: s.registrationId, deviceId: DEVICE_ID, identityKey: bytes(s.identity.pubKey),
        signedPreKey: { id, publicKey: bytes(signed.keyPair.pubKey), signature: bytes(signed.signature) },
        preKey: { id, publicKey: bytes(preKey.keyPair.pubKey) },
      }
    },

    // X3DH only: a Kyber prekey in the bundle is not used.
    async startSession(peer: string, b: PreKeyBundle): Promise<void> {
      const s = need()
      await new lt.SessionBuilder(s.store, peerAddress(peer)).processPreKey({
        identityKey: ab(b.identityKey),
        registrationId: b.registrationId,
        signedPreKey: {
          keyId: b.signedPreKey.id, publicKey: ab(b.signedPreKey.publicKey), signature: ab(b.signedPreKey.signature),
        },
        ...(b.preKey === undefined ? {} : { preKey: { keyId: b.preKey.id, publicKey: ab(b.preKey.publicKey) } }),
      })
    },

    async encrypt(peer: string, plaintext: Uint8Array): Promise<SignalCiphertext> {
      const s = need()
      const message = await new lt.SessionCipher(s.store, peerAddress(peer)).encrypt(ab(plaintext))
      if (message.body === undefined) throw new Error("the library returned no ciphertext body")
      const body = new Uint8Array(Buffer.from(message.body, "binary"))
      return { type: message.type === 3 ? "prekey" : "whisper", body }
    },

    async decrypt(peer: string, m: SignalCiphertext): Promise<Uint8Array> {
      const cipher = new lt.SessionCipher(need().store, peerAddress(peer))
      const plaintext = m.type === "prekey"
        ? await cipher.decryptPreKeyWhisperMessage(ab(m.body))
        : await cipher.decryptWhisperMessage(ab(m.body))
      return bytes(plaintext)
    },
  }
}
