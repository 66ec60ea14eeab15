import * as c from "../../harness/protocol/mls/codec/index.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

export type MessagesCase = Record<string, string>

export const messagesCases = loadVectorFile<MessagesCase[]>("mls/messages.json")

/** Each field of messages.json and the struct it holds (MLS WG test-vectors format, "Messages"). */
export const messageFields = {
  mls_welcome: c.mlsMessageCodec,
  mls_group_info: c.mlsMessageCodec,
  mls_key_package: c.mlsMessageCodec,
  ratchet_tree: c.ratchetTreeCodec,
  group_secrets: c.groupSecretsCodec,
  add_proposal: c.addCodec,
  update_proposal: c.updateCodec,
  remove_proposal: c.removeCodec,
  pre_shared_key_proposal: c.preSharedKeyCodec,
  re_init_proposal: c.reInitCodec,
  external_init_proposal: c.externalInitCodec,
  group_context_extensions_proposal: c.groupContextExtensionsCodec,
  commit: c.commitCodec,
  public_message_application: c.mlsMessageCodec,
  public_message_proposal: c.mlsMessageCodec,
  public_message_commit: c.mlsMessageCodec,
  private_message: c.mlsMessageCodec,
} as const satisfies Record<string, c.Codec<unknown>>

export type MessageField = keyof typeof messageFields

export const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"))

export function mustDecode<T>(codec: c.Codec<T>, bytes: Uint8Array): T {
  const res = c.decode(codec, bytes)
  if (!res.ok) throw new Error(`${res.error.code} at ${res.error.fieldPath} offset ${res.error.offset}`)
  return res.value
}

/** Deterministic PRNG (mulberry32) for the fuzz test. */
export function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
