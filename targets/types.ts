/**
 * Adapter interfaces: what the suite asks of a target. Only bytes and plain data cross them, so an
 * adapter can wrap an in-process library, a worker, or a remote test driver. Every call resolves
 * to an `Outcome` and never throws: a refusal by the target is `rejected`, not an exception.
 */
import type { Outcome } from "../harness/engine/check.ts"

export type { Outcome }
export type * from "./signal/types.ts"

/** An external PSK the group uses (RFC 9420 §8.4): its `psk_id` and secret. */
export interface ExternalPsk {
  id: Uint8Array
  secret: Uint8Array
}

/** Everything a passive client needs to join: its KeyPackage with the private keys, and the Welcome. */
export interface JoinPassiveRequest {
  /** RFC 9420 §17.1 cipher suite value. */
  cipherSuite: number
  /** MLSMessage(KeyPackage) as serialised on the wire. */
  keyPackage: Uint8Array
  /** HPKE private key for the KeyPackage's `init_key`. */
  initPriv: Uint8Array
  /** HPKE private key for the leaf's `encryption_key`. */
  encryptionPriv: Uint8Array
  /** Signature private key for the leaf's `signature_key`. */
  signaturePriv: Uint8Array
  /** MLSMessage(Welcome). */
  welcome: Uint8Array
  /** Serialised `optional<Node> ratchet_tree<V>`, when the Welcome does not carry the tree. */
  ratchetTree?: Uint8Array
  externalPsks: ExternalPsk[]
}

/** A member that joined and now follows the group without sending anything. */
export interface PassiveMember {
  /** The `epoch_authenticator` of the member's current epoch (RFC 9420 §8.7). */
  epochAuthenticator(): Promise<Outcome<Uint8Array>>
  /**
   * Applies one epoch: first the standalone proposal messages (MLSMessage, public or private), so
   * that the Commit can include them by reference, then the Commit. On success the member is in
   * the next epoch; on refusal it stays where it was.
   */
  processEpoch(proposals: Uint8Array[], commit: Uint8Array): Promise<Outcome<{ epoch: number }>>
}

/** The inputs of the MLS WG `welcome.json` check: decrypt a Welcome and verify its GroupInfo. */
export interface OpenWelcomeRequest {
  cipherSuite: number
  /** MLSMessage(KeyPackage) the Welcome is addressed to. */
  keyPackage: Uint8Array
  /** HPKE private key for the KeyPackage's `init_key`. */
  initPriv: Uint8Array
  /** MLSMessage(Welcome); it must not need PSKs. */
  welcome: Uint8Array
  /** Signature public key the GroupInfo is to be verified with. */
  signerPub: Uint8Array
}

export interface OpenedWelcome {
  /** The GroupInfo exactly as the library decrypted it. */
  groupInfo: Uint8Array
  /** The library's verdict on the GroupInfo signature under `signerPub`. */
  signatureValid: boolean
  /** The library's verdict on the GroupInfo `confirmation_tag` under the joiner's key schedule. */
  confirmationTagValid: boolean
}

/**
 * An MLS client library as the suite drives it.
 *
 * ```ts
 * const member = check.ok("mls.welcome.join-succeeds", await client.joinPassive(request))
 * const ours = check.ok("mls.epoch.authenticator-agrees", await member.epochAuthenticator())
 * check("mls.epoch.authenticator-agrees", bytesEqual(ours, vector.initialEpochAuthenticator))
 * ```
 */
export interface MlsClient {
  /** Identity of the library in reports, e.g. "ts-mls". */
  readonly implementation: string
  readonly implementationVersion: string
  /** The cipher suites the library can run here (RFC 9420 §17.1 values), whatever the config declares. */
  supportedCipherSuites(): Promise<Outcome<number[]>>
  /** Joins a group from a Welcome with injected keys, as the passive-client vectors prescribe. */
  joinPassive(request: JoinPassiveRequest): Promise<Outcome<PassiveMember>>
  /** Decrypts a Welcome with `initPriv` and reports what the library made of the GroupInfo. */
  openWelcome(request: OpenWelcomeRequest): Promise<Outcome<OpenedWelcome>>
}
