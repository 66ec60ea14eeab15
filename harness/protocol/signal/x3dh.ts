/** The X3DH shared-secret derivation of Signal message version 3 (libsignal's RatchetingSession). */
import { concat } from "./bytes.ts"
import { hkdf } from "./kdf.ts"
import { agree } from "./keys.ts"

export interface KeyPair {
  priv: Uint8Array
  /** 33 bytes, 0x05-prefixed. */
  pub: Uint8Array
}

export interface AliceParameters {
  ourIdentity: KeyPair
  ourBaseKey: KeyPair
  theirIdentity: Uint8Array
  theirSignedPreKey: Uint8Array
  theirOneTimePreKey?: Uint8Array
}

export interface BobParameters {
  ourIdentity: KeyPair
  ourSignedPreKey: KeyPair
  ourOneTimePreKey?: KeyPair
  theirIdentity: Uint8Array
  theirBaseKey: Uint8Array
}

// 32 0xFF bytes separate the DH inputs from XEdDSA's use of the same keys (X3DH §2.2).
const DISCONTINUITY = new Uint8Array(32).fill(0xff)
const INFO = new TextEncoder().encode("WhisperText")

function derive(secrets: Uint8Array[]): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdf(concat(DISCONTINUITY, ...secrets), new Uint8Array(32), INFO, 64)
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32) }
}

/** Alice's root key and the chain key of her receiving chain for Bob's signed prekey. */
export function x3dhAlice(p: AliceParameters): { rootKey: Uint8Array; chainKey: Uint8Array } {
  return derive([
    agree(p.theirSignedPreKey, p.ourIdentity.priv),
    agree(p.theirIdentity, p.ourBaseKey.priv),
    agree(p.theirSignedPreKey, p.ourBaseKey.priv),
    ...(p.theirOneTimePreKey === undefined ? [] : [agree(p.theirOneTimePreKey, p.ourBaseKey.priv)]),
  ])
}

/** Bob's root key and the chain key of his first sending chain. */
export function x3dhBob(p: BobParameters): { rootKey: Uint8Array; chainKey: Uint8Array } {
  return derive([
    agree(p.theirIdentity, p.ourSignedPreKey.priv),
    agree(p.theirBaseKey, p.ourIdentity.priv),
    agree(p.theirBaseKey, p.ourSignedPreKey.priv),
    ...(p.ourOneTimePreKey === undefined ? [] : [agree(p.theirBaseKey, p.ourOneTimePreKey.priv)]),
  ])
}
