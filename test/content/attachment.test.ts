import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import {
  computeContentHash, decodeMimiContent, encodeMimiContent, openAttachment, sealAttachment, type AttachmentFields,
  type ExternalPart,
} from "../../harness/protocol/content/index.ts"
import { content, fromHex, toHex } from "./fixtures.ts"

const key = fromHex("000102030405060708090a0b0c0d0e0f")
const nonce = fromHex("a0a1a2a3a4a5a6a7a8a9aaab")
const plaintext = new TextEncoder().encode("two hours of key signing video, abridged")
const sealed = sealAttachment(plaintext, { key, nonce })

describe("ExternalPart attachments (AES-128-GCM, contentHash)", () => {
  it("matches the AES-GCM known answer (GCM spec test case 2)", () => {
    const zero = sealAttachment(new Uint8Array(16), { key: new Uint8Array(16), nonce: new Uint8Array(12) })
    expect(toHex(zero.ciphertext)).toBe("0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf")
  })

  it("hashes the stored bytes (ciphertext and tag) with sha-256", () => {
    expect(sealed.ciphertext.length).toBe(plaintext.length + 16)
    expect(sealed.fields).toMatchObject({ encAlg: 1, hashAlg: 1 })
    expect(toHex(sealed.fields.contentHash)).toBe(createHash("sha256").update(sealed.ciphertext).digest("hex"))
  })

  it("round-trips through an ExternalPart in a message", () => {
    const part: ExternalPart = {
      disposition: 6, language: "", cardinality: 2, contentType: "video/mp4", url: "https://a.example/blob/1",
      expires: 0, size: BigInt(sealed.ciphertext.length), description: "", filename: "clip.mp4", ...sealed.fields,
    }
    const back = decodeMimiContent(encodeMimiContent(content(30, { nestedPart: part })))
    expect(back.ok).toBe(true)
    if (!back.ok || back.value.nestedPart.cardinality !== 2) return
    const opened = openAttachment(back.value.nestedPart, sealed.ciphertext)
    expect(opened).toEqual({ ok: true, plaintext })
  })

  it("refuses a tampered blob, a wrong key and a mismatched hash in exactly the same way", () => {
    const tampered = sealed.ciphertext.slice()
    tampered[3] = (tampered[3] as number) ^ 0x01
    const wrongKey: AttachmentFields = { ...sealed.fields, key: key.map((b) => b ^ 0xff) }
    const wrongHash: AttachmentFields = { ...sealed.fields, contentHash: sealed.fields.contentHash.map((b) => b ^ 1) }
    const taggedOnly = sealed.ciphertext.slice()
    taggedOnly[taggedOnly.length - 1] = (taggedOnly[taggedOnly.length - 1] as number) ^ 0x80
    const rehash = computeContentHash(1, taggedOnly) as Uint8Array
    const rehashed: AttachmentFields = { ...sealed.fields, contentHash: rehash }
    const outcomes = [
      openAttachment(sealed.fields, tampered),
      openAttachment(wrongKey, sealed.ciphertext),
      openAttachment(wrongHash, sealed.ciphertext),
      openAttachment(rehashed, taggedOnly),
      openAttachment({ ...sealed.fields, aad: new Uint8Array([1]) }, sealed.ciphertext),
    ]
    for (const o of outcomes) {
      expect(o).toEqual({ ok: false, rule: "content.external.integrity", detail: "attachment failed verification" })
    }
  })

  it("refuses an unknown hash algorithm and an encryption algorithm other than AES-128-GCM", () => {
    expect(openAttachment({ ...sealed.fields, hashAlg: 200 }, sealed.ciphertext))
      .toMatchObject({ ok: false, rule: "content.external.hash-alg-known" })
    expect(openAttachment({ ...sealed.fields, encAlg: 2 }, sealed.ciphertext))
      .toMatchObject({ ok: false, rule: "content.external.aes-128-gcm" })
    expect(openAttachment({ ...sealed.fields, key: key.subarray(0, 15) }, sealed.ciphertext))
      .toMatchObject({ ok: false, rule: "content.external.aes-128-gcm" })
  })

  it("passes unencrypted content through only when its hash matches", () => {
    const blob = new TextEncoder().encode("public")
    const fields: AttachmentFields = {
      encAlg: 0, key: new Uint8Array(0), nonce: new Uint8Array(0), aad: new Uint8Array(0), hashAlg: 1,
      contentHash: computeContentHash(1, blob) as Uint8Array,
    }
    expect(openAttachment(fields, blob)).toEqual({ ok: true, plaintext: blob })
    expect(openAttachment(fields, blob.map((b) => b ^ 1)))
      .toMatchObject({ ok: false, rule: "content.external.integrity" })
  })

  it("computes the other IANA hashes it knows, and none for unknown numbers", () => {
    expect(computeContentHash(7, plaintext)?.length).toBe(48)
    expect(computeContentHash(8, plaintext)?.length).toBe(64)
    expect(computeContentHash(10, plaintext)?.length).toBe(32)
    expect(computeContentHash(2, plaintext)).toBeNull()
  })
})
