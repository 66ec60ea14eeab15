import { describe, expect, it } from "vitest"
import {
  computeMessageId, decodeMimiContent, encodeMimiContent, indexParts, type MimiContent,
} from "../../harness/protocol/content/index.ts"
import { example, examples, fromHex, toHex } from "./fixtures.ts"

function decoded(name: string): MimiContent {
  const r = decodeMimiContent(fromHex(example(name).cbor))
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`)
  return r.value
}

describe("draft-ietf-mimi-content-08 examples", () => {
  it("covers exactly the 7 examples of the vector file (each checked below)", () => {
    expect(examples.map((e) => e.name).sort()).toEqual(
      ["attachment", "delete", "edit", "original", "reaction", "reply", "unlike"],
    )
  })

  describe.for(examples.map((e) => [e.name, e] as const))("example=%s", ([, e]) => {
    const bytes = fromHex(e.cbor)

    it("decodes, re-encodes byte-exactly and yields the draft's message ID", () => {
      const r = decodeMimiContent(bytes)
      expect(r.ok, r.ok ? "" : JSON.stringify(r.error)).toBe(true)
      if (!r.ok) return
      expect(toHex(encodeMimiContent(r.value))).toBe(e.cbor)
      expect(r.value.extensions.senderUri).toBe(e.senderUri)
      expect(r.value.extensions.roomUri).toBe(e.roomUri)
      expect(toHex(computeMessageId(e.senderUri, e.roomUri, bytes, r.value.salt))).toBe(e.messageId)
    })

    it("gives another ID for another sender, room, content or salt", () => {
      const salt = decoded(e.name).salt
      const other = bytes.slice()
      other[other.length - 1] = (other[other.length - 1] as number) ^ 1
      const ids = [
        computeMessageId(`${e.senderUri}x`, e.roomUri, bytes, salt),
        computeMessageId(e.senderUri, `${e.roomUri}x`, bytes, salt),
        computeMessageId(e.senderUri, e.roomUri, other, salt),
        computeMessageId(e.senderUri, e.roomUri, bytes, salt.map((b) => b ^ 1)),
      ].map(toHex)
      for (const id of ids) expect(id).not.toBe(e.messageId)
    })
  })

  it("moves bytes between the two URIs without keeping the ID (the 16-bit lengths matter)", () => {
    const e = example("original")
    const bytes = fromHex(e.cbor)
    const salt = decoded("original").salt
    const shifted = computeMessageId(e.senderUri + e.roomUri.slice(0, 1), e.roomUri.slice(1), bytes, salt)
    expect(toHex(shifted)).not.toBe(e.messageId)
  })

  it("links the examples to each other by message ID as the draft describes", () => {
    const id = (name: string): string => example(name).messageId
    const hexOf = (b: Uint8Array | null): string | null => (b === null ? null : toHex(b))
    expect(hexOf(decoded("reply").inReplyTo)).toBe(id("original"))
    expect(hexOf(decoded("edit").replaces)).toBe(id("reply"))
    expect(hexOf(decoded("delete").replaces)).toBe(id("reply"))
    expect(hexOf(decoded("reaction").inReplyTo)).toBe(id("original"))
    expect(hexOf(decoded("unlike").replaces)).toBe(id("reaction"))
    expect(decoded("delete").nestedPart.cardinality).toBe(0)
    expect(decoded("unlike").nestedPart).toEqual({ disposition: 2, language: "", cardinality: 0 })
  })

  it("reads every ExternalPart field of the attachment example", () => {
    const part = decoded("attachment").nestedPart
    expect(part.cardinality).toBe(2)
    if (part.cardinality !== 2) return
    expect(part).toMatchObject({
      disposition: 6, language: "en", contentType: "video/mp4", url: "https://example.com/storage/8ksB4bSrrRE.mp4",
      expires: 0, size: 708234961n, encAlg: 1, hashAlg: 1, description: "2 hours of key signing video",
      filename: "bigfile.mp4",
    })
    expect(toHex(part.key)).toBe("21399320958a6f4c745dde670d95e0d8")
    expect(toHex(part.nonce)).toBe("c86cf2c33f21527d1dd76f5b")
    expect(part.aad.length).toBe(0)
    expect(toHex(part.contentHash)).toBe("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163")
    expect(indexParts(part).map((p) => p.index)).toEqual([0])
  })
})
