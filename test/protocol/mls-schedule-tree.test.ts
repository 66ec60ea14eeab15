import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { decodeAuthenticatedContent } from "../../harness/protocol/mls/codec/framed-content.ts"
import { SecretTree, senderDataKeyNonce } from "../../harness/protocol/mls/schedule/secret-tree.ts"
import { confirmationTag } from "../../harness/protocol/mls/schedule/key-schedule.ts"
import { confirmedTranscriptHash, interimTranscriptHash } from "../../harness/protocol/mls/schedule/transcript.ts"

const suite = (id: number) => cipherSuite(id)!

interface SecretTreeCase {
  cipher_suite: number
  sender_data: { sender_data_secret: string; ciphertext: string; key: string; nonce: string }
  encryption_secret: string
  leaves: { generation: number; handshake_key: string; handshake_nonce: string; application_key: string
    application_nonce: string }[][]
}
const secretTree = loadVectorFile<SecretTreeCase[]>("mls/secret-tree.json")

describe("secret-tree.json", () => {
  it("has 21 cases", () => expect(secretTree.length).toBe(21))

  const named = secretTree.map((c, i) => [`cs=${c.cipher_suite} #${i} (${c.leaves.length} leaves)`, c] as const)
  it.each(named)("%s", (_id, c) => {
    const cs = suite(c.cipher_suite)
    const sd = senderDataKeyNonce(cs, fromHex(c.sender_data.sender_data_secret), fromHex(c.sender_data.ciphertext))
    expect(hex(sd.key)).toBe(c.sender_data.key)
    expect(hex(sd.nonce)).toBe(c.sender_data.nonce)
    const tree = new SecretTree(cs, fromHex(c.encryption_secret), c.leaves.length)
    let checked = 0
    c.leaves.forEach((entries, leaf) => {
      for (const e of entries) {
        const h = tree.keyNonce(leaf, "handshake", e.generation)!
        const a = tree.keyNonce(leaf, "application", e.generation)!
        expect([hex(h.key), hex(h.nonce), hex(a.key), hex(a.nonce)])
          .toEqual([e.handshake_key, e.handshake_nonce, e.application_key, e.application_nonce])
        checked++
      }
    })
    expect(checked).toBe(c.leaves.reduce((n, l) => n + l.length, 0))
  })

  it("re-derives an earlier generation and refuses leaves outside the tree", () => {
    const c = secretTree[1]!
    const tree = new SecretTree(suite(c.cipher_suite), fromHex(c.encryption_secret), c.leaves.length)
    const [g0, g15] = c.leaves[3]!
    expect(hex(tree.keyNonce(3, "application", g15!.generation)!.key)).toBe(g15!.application_key)
    expect(hex(tree.keyNonce(3, "application", g0!.generation)!.key)).toBe(g0!.application_key)
    expect(tree.keyNonce(c.leaves.length, "application", 0)).toBeUndefined()
    expect(hex(tree.keyNonce(2, "application", 0)!.key)).not.toBe(g0!.application_key)
  })
})

interface TranscriptCase {
  cipher_suite: number; confirmation_key: string; authenticated_content: string
  interim_transcript_hash_before: string; confirmed_transcript_hash_after: string; interim_transcript_hash_after: string
}
const transcripts = loadVectorFile<TranscriptCase[]>("mls/transcript-hashes.json")

describe("transcript-hashes.json", () => {
  it("has 7 cases", () => expect(transcripts.length).toBe(7))

  it.each(transcripts.map((c) => [`cs=${c.cipher_suite}`, c] as const))("%s", (_id, c) => {
    const cs = suite(c.cipher_suite)
    const decoded = decodeAuthenticatedContent(fromHex(c.authenticated_content))
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.error))
    const ac = decoded.value
    expect(ac.content.contentType).toBe("commit")
    const confirmed = confirmedTranscriptHash(cs, fromHex(c.interim_transcript_hash_before), ac.wireFormat, ac.content,
      ac.auth.signature)
    expect(hex(confirmed)).toBe(c.confirmed_transcript_hash_after)
    const tag = ac.auth.confirmationTag!
    expect(hex(confirmationTag(cs, fromHex(c.confirmation_key), confirmed))).toBe(hex(tag))
    expect(hex(interimTranscriptHash(cs, confirmed, tag))).toBe(c.interim_transcript_hash_after)
    const wrongKey = fromHex(c.confirmation_key)
    wrongKey[0]! ^= 1
    expect(hex(confirmationTag(cs, wrongKey, confirmed))).not.toBe(hex(tag))
  })
})
