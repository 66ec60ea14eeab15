import { readdirSync, readFileSync } from "node:fs"
import { hmac } from "@noble/hashes/hmac.js"
import { encode } from "cbor2"
import { sha256 } from "@noble/hashes/sha2.js"
import { describe, expect, expectTypeOf, it } from "vitest"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { GroupInfoRule } from "../../harness/protocol/mimi/group-info-crypto.ts"
import type { KeyMaterialRule } from "../../harness/protocol/mimi/key-material-check.ts"
import type { ProxyDownloadResult } from "../../harness/protocol/mimi/proxy-download.ts"
import type { RoomStateResult } from "../../harness/protocol/mimi/room-state.ts"
import { frankedFieldsOf } from "../../harness/protocol/mimi/franked-fields.ts"
import { computeFrankingTag, createFrank } from "../../harness/protocol/mimi/franking.ts"
import { decodeFrankingTag, encodeFrankedAad } from "../../harness/protocol/mimi/franking-structs.ts"
import {
  checkFrankReturned, checkSenderNotDisclosed, verifyAbusiveMessage, verifyReceivedFrank, type FrankingRule,
} from "../../harness/protocol/mimi/franking-verify.ts"
import { decodeSubmitMessageResponse, encodeSubmitMessageResponse } from "../../harness/protocol/mimi/submit.ts"
import { mimiProtocolRequirements, type MimiProtocolId } from "../../harness/requirements/mimi-protocol/index.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

const original = loadVectorFile<{ examples: { name: string; cbor: string }[] }>("mimi-content/examples.json")
  .examples.find((e) => e.name === "original")!
const content = new Uint8Array(Buffer.from(original.cbor, "hex"))
const ROOM = "mimi://example.com/r/engineering_team"
const SENDER = "mimi://example.com/u/alice-smith"

describe("franking primitives (§5.4.1)", () => {
  it("franking_tag is HMAC-SHA256 keyed with the content's salt (checked against @noble/hashes)", () => {
    const fields = frankedFieldsOf(content)
    if (!fields.ok) throw new Error(fields.detail)
    expect(fields.value.senderUri).toBe(SENDER)
    expect(fields.value.roomUri).toBe(ROOM)
    expect(computeFrankingTag(fields.value.salt, content)).toEqual(hmac(sha256, fields.value.salt, content))
  })

  it("a frank signed by the oracle's (randomised ECDSA) signer travels in SubmitMessageResponse and verifies", () => {
    const suite = cipherSuite(2)!
    const key = suite.deriveKeyPair(new Uint8Array(32).fill(5))
    const salt = content.subarray(2, 18)
    const tag = computeFrankingTag(salt, content)
    expect(decodeFrankingTag(encodeFrankedAad(tag))).toEqual({ ok: true, value: tag })
    const context = { senderUri: SENDER, roomUri: ROOM, acceptedTimestamp: 1700000000000n }
    const frank = createFrank(suite, key.privateKey, new Uint8Array(32).fill(9), tag, context)
    const wire = encodeSubmitMessageResponse({
      protocol: "mls10", statusCode: "accepted", acceptedTimestamp: context.acceptedTimestamp, frank,
    })
    const back = decodeSubmitMessageResponse(wire)
    if (!back.ok || back.value.statusCode !== "accepted" || back.value.frank === undefined) throw new Error("no frank")
    const verdict = verifyReceivedFrank({
      content, frankingTag: tag, frank: back.value.frank, acceptedTimestamp: back.value.acceptedTimestamp,
      roomUri: ROOM, groupCipherSuite: 2,
      agent: { signatureKey: suite.signaturePublicKey(key.privateKey)!, domain: "example.com" },
      hubDomain: "example.com", senderUserUri: SENDER,
    }, cipherSuite)
    expect(verdict).toEqual({ ok: true })
  })
})

describe("hub-side franking duties", () => {
  const frank = { serverFrank: new Uint8Array(32), cipherSuite: 1, signature: new Uint8Array(64) }
  const tag = new Uint8Array(32).fill(1)
  it("a Frank comes back exactly when the message carried frank_aad (§5.4)", () => {
    expect(checkFrankReturned(tag, frank)).toEqual({ ok: true })
    expect(checkFrankReturned(undefined, undefined)).toEqual({ ok: true })
    for (const [t, f] of [[tag, undefined], [undefined, frank]] as const) {
      const r = checkFrankReturned(t, f)
      expect(r.ok ? "ok" : r.rule).toBe("mimi.franking.frank-returned")
    }
  })
  it("a follower's bytes never contain the sender URI (§5.4.1.4)", () => {
    const body = new Uint8Array(Buffer.from(`xx${SENDER}yy`))
    expect(checkSenderNotDisclosed(body.subarray(3), SENDER)).toEqual({ ok: true })
    const leaked = checkSenderNotDisclosed(body, SENDER)
    expect(leaked.ok ? "ok" : [leaked.rule, leaked.detail]).toEqual(["mimi.franking.sender-not-disclosed",
      `sender URI ${SENDER} found at offset 2`])
  })
})

describe("franked fields are required", () => {
  const keys = { hubKey: new Uint8Array(32), frankingPublicKey: new Uint8Array(32), groupCipherSuite: 1 }
  const frank = { serverFrank: new Uint8Array(32), cipherSuite: 1, signature: new Uint8Array(64) }
  const body = (salt: Uint8Array, extensions: Map<number, string>) =>
    encode([salt, null, new Uint8Array(0), null, null, extensions, [1, "", 0]])
  it.each([
    ["not CBOR", Uint8Array.of(0xff), "not CBOR"],
    ["not a 7-element array", Uint8Array.of(0x80), "7-element"],
    ["a 15-byte salt", body(new Uint8Array(15), new Map([[1, SENDER], [2, ROOM]])), "salt"],
    ["no senderUri", body(new Uint8Array(16), new Map([[2, ROOM]])), "senderUri"],
    ["no roomUri", body(new Uint8Array(16), new Map([[1, SENDER]])), "roomUri"],
  ])("a report whose content has %s is refused with its rule", (_, bytes, reason) => {
    expect(frankedFieldsOf(bytes)).toEqual({ ok: false, detail: expect.stringContaining(reason) })
    const r = verifyAbusiveMessage({ messageContent: bytes, frank, acceptedTimestamp: 0n }, ROOM, keys, cipherSuite)
    expect(r.ok ? "ok" : r.rule).toBe("mimi.abuse.content-has-franked-fields")
  })

  it("an unknown cipher suite cannot verify a frank", () => {
    const r = verifyReceivedFrank({
      content, frankingTag: new Uint8Array(32), frank: { ...frank, cipherSuite: 0x7777 }, acceptedTimestamp: 0n,
      roomUri: ROOM, groupCipherSuite: 0x7777, agent: { signatureKey: new Uint8Array(32), domain: "example.com" },
      hubDomain: "example.com",
      senderUserUri: SENDER,
    }, cipherSuite)
    expect(r.ok ? "ok" : r.rule).toBe("mimi.franking.ciphersuite-matches-group")
  })
})

describe("the mimi-protocol registry", () => {
  type Entry = { id: string; section: string; text: string; doc: string }
  const registry = mimiProtocolRequirements as Record<string, Entry>

  it("holds every rule the pure MIMI checks can report", () => {
    expectTypeOf<FrankingRule | KeyMaterialRule | GroupInfoRule>().toExtend<MimiProtocolId>()
    expectTypeOf<Extract<ProxyDownloadResult, { ok: false }>["rule"]>().toExtend<MimiProtocolId>()
    expectTypeOf<Extract<RoomStateResult, { ok: false }>["rule"]>().toExtend<MimiProtocolId>()
    const dir = new URL("../../harness/protocol/mimi/", import.meta.url)
    const used = new Set<string>()
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(new URL(f, dir), "utf8").matchAll(/"(mimi\.[a-z-]+\.[a-z-]+)"/g)) used.add(m[1]!)
    }
    expect(used.size).toBeGreaterThan(20)
    expect([...used].filter((id) => registry[id] === undefined)).toEqual([])
  })

  // The asset-policy rules come from the room-policy draft that -06 defers to; both drafts are pinned.
  it("names a pinned draft, a section and a text for every entry", () => {
    for (const [id, r] of Object.entries(registry)) {
      expect(r.id).toBe(id)
      expect(id).toMatch(/^mimi\.[a-z-]+\.[a-z-]+$/)
      expect(["draft-ietf-mimi-protocol-06", "draft-ietf-mimi-room-policy-03"]).toContain(r.doc)
      expect(r.section).toMatch(/^\d+(\.\d+)*$/)
      expect(r.text.length).toBeGreaterThan(20)
    }
  })
})
