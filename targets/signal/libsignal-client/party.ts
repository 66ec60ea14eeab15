/**
 * A party on @signalapp/libsignal-client (AGPL-3.0; v4 / PQXDH only). Loaded only inside a party
 * worker, and only when this implementation is selected.
 */
import * as ls from "@signalapp/libsignal-client"
import { Unsupported, type Party } from "../party.ts"
import type { LocalIdentity, PreKeyBundle, SignalCiphertext } from "../types.ts"

const DEVICE_ID = 1
// A fixed clock: session ages and prekey timestamps must not depend on when the suite runs.
const EPOCH = new Date(0)

class Sessions extends ls.SessionStore {
  private readonly records = new Map<string, Uint8Array<ArrayBuffer>>()
  async saveSession(name: ls.ProtocolAddress, record: ls.SessionRecord): Promise<void> {
    this.records.set(name.toString(), record.serialize())
  }
  async getSession(name: ls.ProtocolAddress): Promise<ls.SessionRecord | null> {
    const bytes = this.records.get(name.toString())
    return bytes === undefined ? null : ls.SessionRecord.deserialize(bytes)
  }
  async getExistingSessions(addresses: ls.ProtocolAddress[]): Promise<ls.SessionRecord[]> {
    const found = await Promise.all(addresses.map((a) => this.getSession(a)))
    return found.filter((r): r is ls.SessionRecord => r !== null)
  }
}

/** Trust on first use, strictly: a changed identity key is untrusted until the user approves it. */
class Identities extends ls.IdentityKeyStore {
  private readonly known = new Map<string, ls.PublicKey>()
  constructor(private readonly key: ls.PrivateKey, private readonly registrationId: number) {
    super()
  }
  async getIdentityKey(): Promise<ls.PrivateKey> {
    return this.key
  }
  async getLocalRegistrationId(): Promise<number> {
    return this.registrationId
  }
  async saveIdentity(name: ls.ProtocolAddress, key: ls.PublicKey): Promise<ls.IdentityChange> {
    const previous = this.known.get(name.name())
    this.known.set(name.name(), key)
    const replaced = previous !== undefined && !previous.equals(key)
    return replaced ? ls.IdentityChange.ReplacedExisting : ls.IdentityChange.NewOrUnchanged
  }
  async isTrustedIdentity(name: ls.ProtocolAddress, key: ls.PublicKey): Promise<boolean> {
    const previous = this.known.get(name.name())
    return previous === undefined || previous.equals(key)
  }
  async getIdentity(name: ls.ProtocolAddress): Promise<ls.PublicKey | null> {
    return this.known.get(name.name()) ?? null
  }
}

class PreKeys extends ls.PreKeyStore {
  readonly map = new Map<number, ls.PreKeyRecord>()
  async savePreKey(id: number, record: ls.PreKeyRecord): Promise<void> {
    this.map.set(id, record)
  }
  async getPreKey(id: number): Promise<ls.PreKeyRecord> {
    const record = this.map.get(id)
    if (record === undefined) throw new Error(`no prekey ${id}`)
    return record
  }
  async removePreKey(id: number): Promise<void> {
    this.map.delete(id)
  }
}

class SignedPreKeys extends ls.SignedPreKeyStore {
  readonly map = new Map<number, ls.SignedPreKeyRecord>()
  async saveSignedPreKey(id: number, record: ls.SignedPreKeyRecord): Promise<void> {
    this.map.set(id, record)
  }
  async getSignedPreKey(id: number): Promise<ls.SignedPreKeyRecord> {
    const record = this.map.get(id)
    if (record === undefined) throw new Error(`no signed prekey ${id}`)
    return record
  }
}

// Kyber prekeys are kept as last-resort keys (reusable), as Signal clients keep one.
class KyberPreKeys extends ls.KyberPreKeyStore {
  readonly map = new Map<number, ls.KyberPreKeyRecord>()
  async saveKyberPreKey(id: number, record: ls.KyberPreKeyRecord): Promise<void> {
    this.map.set(id, record)
  }
  async getKyberPreKey(id: number): Promise<ls.KyberPreKeyRecord> {
    const record = this.map.get(id)
    if (record === undefined) throw new Error(`no kyber prekey ${id}`)
    return record
  }
  async markKyberPreKeyUsed(): Promise<void> {}
}

interface State {
  address: ls.ProtocolAddress
  identity: ls.IdentityKeyPair
  registrationId: number
  sessions: Sessions
  identities: Identities
  preKeys: PreKeys
  signedPreKeys: SignedPreKeys
  kyberPreKeys: KyberPreKeys
  nextPreKeyId: number
}

const u8 = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b)

export function createParty(): Party {
  let state: State | undefined
  const need = (): State => {
    if (state === undefined) throw new Error("no identity: call createIdentity first")
    return state
  }
  const peerAddress = (peer: string) => ls.ProtocolAddress.new(peer, DEVICE_ID)

  return {
    async createIdentity(address: string): Promise<LocalIdentity> {
      const identity = ls.IdentityKeyPair.generate()
      const pub = identity.publicKey.serialize()
      const registrationId = 1 + (((pub[1]! << 8) | pub[2]!) % 16380)
      state = {
        address: ls.ProtocolAddress.new(address, DEVICE_ID), identity, registrationId,
        sessions: new Sessions(), identities: new Identities(identity.privateKey, registrationId),
        preKeys: new PreKeys(), signedPreKeys: new SignedPreKeys(), kyberPreKeys: new KyberPreKeys(), nextPreKeyId: 1,
      }
      return { address, identityKey: identity.publicKey.serialize(), registrationId }
    },

    async publishBundle(): Promise<PreKeyBundle> {
      const s = need()
      const id = s.nextPreKeyId++
      const preKey = ls.PrivateKey.generate()
      await s.preKeys.savePreKey(id, ls.PreKeyRecord.new(id, preKey.getPublicKey(), preKey))
      const spk = ls.PrivateKey.generate()
      const spkSig = s.identity.privateKey.sign(spk.getPublicKey().serialize())
      await s.signedPreKeys.saveSignedPreKey(id, ls.SignedPreKeyRecord.new(id, 0, spk.getPublicKey(), spk, spkSig))
      const kyber = ls.KEMKeyPair.generate()
      const kyberSig = s.identity.privateKey.sign(kyber.getPublicKey().serialize())
      await s.kyberPreKeys.saveKyberPreKey(id, ls.KyberPreKeyRecord.new(id, 0, kyber, kyberSig))
      return {
        registrationId: s.registrationId, deviceId: DEVICE_ID, identityKey: s.identity.publicKey.serialize(),
        signedPreKey: { id, publicKey: spk.getPublicKey().serialize(), signature: spkSig },
        preKey: { id, publicKey: preKey.getPublicKey().serialize() },
        kyberPreKey: { id, publicKey: kyber.getPublicKey().serialize(), signature: kyberSig },
      }
    },

    async startSession(peer: string, b: PreKeyBundle): Promise<void> {
      const s = need()
      if (b.kyberPreKey === undefined) {
        throw new Unsupported("libsignal-client speaks only v4: the bundle has no Kyber prekey")
      }
      const bundle = ls.PreKeyBundle.new(
        b.registrationId, b.deviceId, b.preKey?.id ?? null,
        b.preKey === undefined ? null : ls.PublicKey.deserialize(u8(b.preKey.publicKey)),
        b.signedPreKey.id, ls.PublicKey.deserialize(u8(b.signedPreKey.publicKey)), u8(b.signedPreKey.signature),
        ls.PublicKey.deserialize(u8(b.identityKey)),
        b.kyberPreKey.id, ls.KEMPublicKey.deserialize(u8(b.kyberPreKey.publicKey)), u8(b.kyberPreKey.signature),
      )
      await ls.processPreKeyBundle(bundle, peerAddress(peer), s.address, s.sessions, s.identities, EPOCH)
    },

    async encrypt(peer: string, plaintext: Uint8Array): Promise<SignalCiphertext> {
      const s = need()
      const to = peerAddress(peer)
      const message = await ls.signalEncrypt(u8(plaintext), to, s.address, s.sessions, s.identities, EPOCH)
      const type = message.type() === ls.CiphertextMessageType.PreKey ? "prekey" : "whisper"
      return { type, body: message.serialize() }
    },

    // libsignal-client draws every key from its own RNG: it has no hook for a transcript's keys.
    async injectIdentity(): Promise<LocalIdentity> {
      throw new Unsupported("libsignal-client cannot take injected keys")
    },

    async queueKeyPairs(): Promise<void> {
      throw new Unsupported("libsignal-client cannot take injected keys")
    },

    async decrypt(peer: string, m: SignalCiphertext): Promise<Uint8Array> {
      const s = need()
      if (m.type === "whisper") {
        const message = ls.SignalMessage.deserialize(u8(m.body))
        return ls.signalDecrypt(message, peerAddress(peer), s.address, s.sessions, s.identities)
      }
      return ls.signalDecryptPreKey(
        ls.PreKeySignalMessage.deserialize(u8(m.body)), peerAddress(peer), s.address,
        s.sessions, s.identities, s.preKeys, s.signedPreKeys, s.kyberPreKeys,
      )
    },
  }
}
