/** What a party module running inside a worker offers; the worker turns throws into outcomes. */
import type { InjectedIdentity, LocalIdentity, PreKeyBundle, SignalCiphertext } from "./types.ts"

export interface Party {
  createIdentity(address: string): Promise<LocalIdentity>
  publishBundle(): Promise<PreKeyBundle>
  startSession(peer: string, bundle: PreKeyBundle): Promise<void>
  encrypt(peer: string, plaintext: Uint8Array): Promise<SignalCiphertext>
  decrypt(peer: string, message: SignalCiphertext): Promise<Uint8Array>
  injectIdentity(keys: InjectedIdentity): Promise<LocalIdentity>
  queueKeyPairs(privateKeys: Uint8Array[]): Promise<void>
}

/** Thrown by a party for a request its library cannot express (reported `unsupported`, not `rejected`). */
export class Unsupported extends Error {
  override readonly name = "Unsupported"
}

export type PartyOp = keyof Party

export interface PartyRequest {
  id: number
  op: PartyOp
  args: unknown[]
}

export type PartyResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; kind: "rejected" | "unsupported"; detail: string }
