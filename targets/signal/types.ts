/**
 * The Signal client target interface: one party of a 1:1 Signal-protocol session. Only bytes and
 * plain data cross it, so a party can live in a worker thread or behind a driver.
 */
import type { Outcome } from "../../harness/engine/check.ts"

export type { Outcome }

/** Message versions: 3 = X3DH + Double Ratchet, 4 = PQXDH (Kyber-1024) + Double Ratchet. */
export type SignalVersion = 3 | 4

/** Declared, never inferred from a failure: a pairing with no common version is `unsupported`. */
export interface SignalCapabilities {
  implementation: string
  implementationVersion: string
  protocolVersions: SignalVersion[]
  /** How far ahead in one chain a message may be before the party refuses it (skipped keys). */
  maxSkippedMessages: number
  /** Whether the target accepts injected private keys (`injectIdentity`, `queueKeyPairs`) to replay transcripts. */
  keyInjection: boolean
}

/** A public key as the target serialises it: 33 bytes, 0x05 ‖ X25519 u-coordinate. */
export type PublicKeyBytes = Uint8Array

export interface SignedPreKey {
  id: number
  publicKey: PublicKeyBytes
  signature: Uint8Array
}

export interface PreKeyBundle {
  registrationId: number
  deviceId: number
  identityKey: PublicKeyBytes
  signedPreKey: SignedPreKey
  /** One-time prekey; absent when the party has none left. */
  preKey?: { id: number; publicKey: PublicKeyBytes }
  /** Kyber-1024 prekey (type byte 0x08 ‖ key) and its XEdDSA signature; v4 only. */
  kyberPreKey?: SignedPreKey
}

/** The private keys of a published transcript's party (32 raw bytes each). */
export interface InjectedIdentity {
  address: string
  identityPrivate: Uint8Array
  registrationId: number
  signedPreKey?: { id: number; private: Uint8Array }
  preKey?: { id: number; private: Uint8Array }
}

export interface LocalIdentity {
  address: string
  identityKey: PublicKeyBytes
  registrationId: number
}

/** "prekey" is a PreKeySignalMessage (wire type 3), "whisper" a SignalMessage (wire type 2 / 1 in v3 JS). */
export interface SignalCiphertext {
  type: "prekey" | "whisper"
  body: Uint8Array
}

export interface SignalClient {
  capabilities(): SignalCapabilities
  /** Creates a fresh identity under `address`, discarding every key, prekey and session held before. */
  createIdentity(address: string): Promise<Outcome<LocalIdentity>>
  /** Publishes a bundle with a fresh one-time prekey (and Kyber prekey where supported). */
  publishBundle(): Promise<Outcome<PreKeyBundle>>
  /** Initiates a session to `peer` from its bundle; refuses a bundle that fails verification. */
  startSession(peer: string, bundle: PreKeyBundle): Promise<Outcome<void>>
  encrypt(peer: string, plaintext: Uint8Array): Promise<Outcome<SignalCiphertext>>
  /** Decrypts a message from `peer`; a refused message must leave the session as it was. */
  decrypt(peer: string, message: SignalCiphertext): Promise<Outcome<Uint8Array>>
  /** Like `createIdentity`, with the given keys; `unsupported` unless `keyInjection` is declared. */
  injectIdentity(keys: InjectedIdentity): Promise<Outcome<LocalIdentity>>
  /** Private keys the next key-pair generations use, in order (base, ratchet keys); same condition. */
  queueKeyPairs(privateKeys: Uint8Array[]): Promise<Outcome<void>>
  close(): Promise<void>
}
