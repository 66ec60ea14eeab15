import { decode, encode } from "cbor2"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import type { MimiContent, NestedPart } from "../../harness/protocol/content/index.ts"

export interface ContentExample {
  name: string
  senderUri: string
  roomUri: string
  cbor: string
  messageId: string
  edn: string
}

export const examplesFile = loadVectorFile<{ examples: ContentExample[] }>("mimi-content/examples.json")
export const examples = examplesFile.examples

export function example(name: string): ContentExample {
  const found = examples.find((e) => e.name === name)
  if (found === undefined) throw new Error(`no content example ${name}`)
  return found
}

export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"))
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex")

/** The example's CBOR with one hex substring replaced (it must occur exactly once). */
export function patch(name: string, from: string, to: string): Uint8Array {
  const h = example(name).cbor
  if (h.split(from).length !== 2) throw new Error(`${from} is not unique in ${name}`)
  return fromHex(h.replace(from, to))
}

/** The example as generic CBOR values, to rebuild with a change, encoded deterministically by cbor2. */
export function rebuild(name: string, change: (items: unknown[]) => void): Uint8Array {
  const items = decode(fromHex(example(name).cbor), { cde: true }) as unknown[]
  change(items)
  return encode(items, { cde: true })
}

export const ALICE = "mimi://example.com/u/alice-smith"
export const BOB = "mimi://example.com/u/bob-jones"
export const CATHY = "mimi://example.com/u/cathy-washington"
export const ROOM = "mimi://example.com/r/engineering_team"

export const text = (s: string, disposition = 1): NestedPart => ({
  disposition,
  language: "",
  cardinality: 1,
  contentType: "text/plain;charset=utf-8",
  content: new TextEncoder().encode(s),
})

/** A plain message; `seed` makes the salt (and so the message ID) distinct and reproducible. */
export function content(seed: number, over: Partial<MimiContent> = {}, sender = ALICE): MimiContent {
  return {
    salt: new Uint8Array(16).fill(seed),
    replaces: null,
    topicId: new Uint8Array(0),
    expires: null,
    inReplyTo: null,
    extensions: { senderUri: sender, roomUri: ROOM, other: [] },
    nestedPart: text(`message ${seed}`),
    ...over,
  }
}

/** A MultiPart chain: `levels` = 1 is a single part, each further level wraps two parts. */
export function nested(levels: number): NestedPart {
  if (levels === 1) return text("leaf")
  return { disposition: 1, language: "", cardinality: 3, partSemantics: 2, parts: [nested(levels - 1), text("x")] }
}
