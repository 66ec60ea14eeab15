/**
 * The scenario findings and the suite's bad inputs, each shown to fail on a mutated observation: the
 * checks no seeded fault of the reference provider can reach are proven failable here.
 */
import { describe, expect, test } from "vitest"
import type { Outcome } from "../../harness/engine/check.ts"
import { decodeMimiContent, interpretMessage, type RoomHistory } from "../../harness/protocol/content/index.ts"
import { encodeFrankedAad } from "../../harness/protocol/mimi/franking-structs.ts"
import { computeFrankingTag } from "../../harness/protocol/mimi/franking.ts"
import { encodeUpdateRoomResponse } from "../../harness/protocol/mimi/update.ts"
import type { FrankingRule } from "../../harness/protocol/mimi/franking-verify.ts"
import type { Item } from "../../suites/mimi-content/driver-room.ts"
import {
  aesGcmFields, attributedTo, driverRefused, frankingFindings, httpAccepted, httpRefused, mismatchRejected,
  noDuplicate, notRendered,
  refusedAlike,
  renderedOnce, updateRefused,
  sameFrank, storedDelta, senderHidden, tagInAad,
} from "../../suites/mimi-content/findings.ts"
import { build, nullPart, textPart, tooDeep, tooManyParts, unknownHashId } from "../../suites/mimi-content/messages.ts"

const room = "mimi://hub.example/r/room"
const alice = "mimi://hub.example/u/alice"
const dave = "mimi://driver.test/u/dave"
const msg = (over: Partial<Item>): Item =>
  ({ seq: 1, kind: "message", room, messageId: "01aa", content: "c0ffee", ...over })
const shownFrank = (verified: boolean) => ({ verified, serverFrank: "", cipherSuite: 1, signature: "" })
const refused = (detail: string): Outcome<unknown> => ({ ok: false, kind: "rejected", detail })
const frank = { serverFrank: new Uint8Array(32).fill(7), cipherSuite: 1, signature: new Uint8Array(64).fill(9) }

describe("refusals", () => {
  test("bad attachments must all be refused, and alike", () => {
    expect(refusedAlike({ a: refused("failed verification"), b: refused("failed verification") }, "x").ok).toBe(true)
    expect(refusedAlike({ a: refused("failed verification"), b: { ok: true, value: "plaintext" } }, "x").ok).toBe(false)
    expect(refusedAlike({ a: refused("bad tag"), b: refused("bad hash") }, "x").ok).toBe(false)
    expect(refusedAlike({}, "x").ok).toBe(false)
  })

  test("a commit is refused by a 4xx or a non-success UpdateRoomResponse", () => {
    const reply = (status: number, body: Uint8Array) => ({ ok: true as const, value: { status, body } })
    const success = encodeUpdateRoomResponse({ responseCode: "success", errorDescription: "", acceptedTimestamp: 1n })
    const notAllowed = encodeUpdateRoomResponse({ responseCode: "notAllowed", errorDescription: "removed" })
    expect(updateRefused(reply(200, notAllowed), "x").ok).toBe(true)
    expect(updateRefused(reply(403, new Uint8Array()), "x").ok).toBe(true)
    expect(updateRefused(reply(200, success), "x").ok).toBe(false)
    expect(updateRefused(reply(200, new Uint8Array([9])), "x").ok).toBe(false)
    expect(updateRefused({ ok: false, kind: "transport", detail: "reset" }, "x").ok).toBe(false)
  })

  test("only a 2xx is an acceptance", () => {
    expect(httpAccepted(201, "x").ok).toBe(true)
    expect(httpAccepted(400, "x").ok).toBe(false)
    expect(httpAccepted("transport: reset", "x").ok).toBe(false)
  })

  test("a driver refusal is `rejected`; performing it or a transport failure is not", () => {
    expect(driverRefused(refused("upload refused: too big"), "x").ok).toBe(true)
    expect(driverRefused({ ok: true, value: {} }, "x").ok).toBe(false)
    expect(driverRefused({ ok: false, kind: "transport", detail: "reset" }, "x").ok).toBe(false)
  })

  test("what was stored grew by exactly the expected count", () => {
    expect(storedDelta(3, 3, 0, "x").ok).toBe(true)
    expect(storedDelta(3, 4, 0, "x").ok).toBe(false)
    expect(storedDelta(1, 3, 2, "x").ok).toBe(true)
    expect(storedDelta(1, 2, 2, "x").ok).toBe(false)
  })

  test("only a 4xx is a refusal", () => {
    expect(httpRefused(403, "x").ok).toBe(true)
    expect(httpRefused(201, "x").ok).toBe(false)
    expect(httpRefused(502, "x").ok).toBe(false)
    expect(httpRefused("transport: reset", "x").ok).toBe(false)
  })
})

describe("what the target's client shows", () => {
  test("a rendered copy of discarded content fails", () => {
    expect(notRendered([msg({ kind: "malformed-content", content: undefined })], "c0ffee", "x").ok).toBe(true)
    expect(notRendered([msg({})], "c0ffee", "x").ok).toBe(false)
  })

  test("a message must come once, under the suite's ID and with the sent bytes", () => {
    expect(renderedOnce([msg({})], "01aa", "c0ffee").ok).toBe(true)
    expect(renderedOnce([msg({ messageId: "01bb" })], "01aa", "c0ffee").ok).toBe(false)
    expect(renderedOnce([msg({ content: "c0ffef" })], "01aa", "c0ffee").ok).toBe(false)
    expect(renderedOnce([msg({}), msg({ seq: 2 })], "01aa", "c0ffee").ok).toBe(false)
    expect(noDuplicate([msg({}), msg({ seq: 2 })], "01aa").ok).toBe(false)
  })

  test("a message must be attributed to its authenticated sender", () => {
    expect(attributedTo(msg({ senderUri: dave }), dave).ok).toBe(true)
    expect(attributedTo(msg({ senderUri: alice }), dave).ok).toBe(false)
    expect(attributedTo(undefined, dave).ok).toBe(false)
  })

  test("an attachment must name AES-128-GCM with its key and nonce sizes", () => {
    const a = { encAlg: 1, key: "00".repeat(16), nonce: "00".repeat(12) }
    expect(aesGcmFields(a).ok).toBe(true)
    expect(aesGcmFields({ ...a, encAlg: 0 }).ok).toBe(false)
    expect(aesGcmFields({ ...a, key: "00".repeat(32) }).ok).toBe(false)
    expect(aesGcmFields({ ...a, nonce: "00".repeat(8) }).ok).toBe(false)
  })

  test("a tag/content mismatch shown as a verified message fails", () => {
    expect(mismatchRejected(undefined).ok).toBe(true)
    expect(mismatchRejected(msg({ frank: shownFrank(false) })).ok).toBe(true)
    expect(mismatchRejected(msg({ frank: shownFrank(true) })).ok).toBe(false)
    expect(mismatchRejected(msg({})).ok).toBe(false)
  })
})

describe("franking observations", () => {
  const sent = build(alice, room, "findings", { nestedPart: textPart("hello") })
  const tag = computeFrankingTag(sent.content.salt, sent.bytes)

  test("the franking tag in the AAD must be HMAC(salt, content)", () => {
    expect(tagInAad(encodeFrankedAad(tag), sent.bytes).ok).toBe(true)
    const wrong = tag.slice()
    wrong[0] = (wrong[0] ?? 0) ^ 1
    expect(tagInAad(encodeFrankedAad(wrong), sent.bytes))
      .toMatchObject({ ok: false, hint: "franking_tag is not HMAC_SHA256(salt, content)" })
    expect(tagInAad(new Uint8Array([0]), sent.bytes).ok).toBe(false)
    expect(tagInAad(undefined, sent.bytes).ok).toBe(false)
  })

  test("the fan-out must carry the Frank the sender got", () => {
    expect(sameFrank(frank, { ...frank }).ok).toBe(true)
    expect(sameFrank(frank, { ...frank, cipherSuite: 2 }).ok).toBe(false)
    expect(sameFrank(undefined, frank).ok).toBe(false)
  })

  test("the sender URI in a body or a header is a disclosure", () => {
    const body = new TextEncoder().encode(`xx${alice}yy`)
    expect(senderHidden([{ body: new Uint8Array([1, 2]), headers: { host: "driver.test" } }], alice).ok).toBe(true)
    expect(senderHidden([{ body, headers: {} }], alice).ok).toBe(false)
    expect(senderHidden([{ body: new Uint8Array(), headers: { "mimi-sender-uri": alice } }], alice).ok).toBe(false)
  })

  test("a failed verification fails its own rule; earlier rules hold", () => {
    const order: FrankingRule[] = ["mimi.franking.ciphersuite-matches-group", "mimi.franking.signature-valid",
      "mimi.franking.room-matches"]
    const out = frankingFindings({ ok: false, rule: "mimi.franking.signature-valid", detail: "bad" }, order)
    expect(out.map(([r, f]) => `${r}:${f.ok}`))
      .toEqual(["mimi.franking.ciphersuite-matches-group:true", "mimi.franking.signature-valid:false"])
    expect(frankingFindings({ ok: true }, order).every(([, f]) => f.ok)).toBe(true)
  })
})

describe("the suite's own content is what each scenario says it is", () => {
  const decodeRule = (bytes: Uint8Array) => {
    const d = decodeMimiContent(bytes)
    return d.ok ? "decodes" : d.error.rule
  }

  test("each malformed message breaks exactly the rule it is sent for", () => {
    expect(decodeRule(build(dave, room, "deep", { nestedPart: tooDeep() }).bytes)).toBe("content.depth.nested-parts")
    expect(decodeRule(build(dave, room, "many", { nestedPart: tooManyParts() }).bytes))
      .toBe("content.limits.part-count")
    expect(decodeRule(build(dave, room, "hash", { nestedPart: textPart("r"), inReplyTo: unknownHashId() }).bytes))
      .toBe("content.message-id.known-hash-alg")
  })

  test("the suite's interpreter refuses a foreign edit and a duplicate, and accepts the author's", () => {
    const post = build(alice, room, "post", { nestedPart: textPart("mine") })
    const first = interpretMessage({ roomUri: room, entries: [] }, { sender: alice, bytes: post.bytes, acceptedAt: 0 })
    if (!first.ok) throw new Error(first.detail)
    const history: RoomHistory = first.history
    const foreign = build(dave, room, "edit", { nestedPart: nullPart(), replaces: post.id })
    expect(interpretMessage(history, { sender: dave, bytes: foreign.bytes, acceptedAt: 1 }))
      .toMatchObject({ ok: false, rule: "content.semantics.edit-author-only" })
    expect(interpretMessage(history, { sender: alice, bytes: post.bytes, acceptedAt: 1 }))
      .toMatchObject({ ok: false, rule: "content.semantics.duplicate-id" })
    const own = build(alice, room, "edit", { nestedPart: nullPart(), replaces: post.id })
    expect(interpretMessage(history, { sender: alice, bytes: own.bytes, acceptedAt: 1 }))
      .toMatchObject({ ok: true, effect: "deleted" })
  })
})
