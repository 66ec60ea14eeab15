import { describe, expect, it } from "vitest"
import * as c from "../../harness/protocol/mls/codec/index.ts"
import { decodeWith, Reader, Writer } from "../../harness/protocol/tls-syntax/index.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { hex, messageFields, messagesCases, mustDecode, type MessageField } from "./mls-codec-fixtures.ts"

const UPSTREAM_CASES = 300

describe("messages.json: every field of every case decodes and re-encodes byte-exactly", () => {
  it("holds the expected number of cases, each with all 17 fields", () => {
    expect(messagesCases.length).toBe(UPSTREAM_CASES)
    for (const tc of messagesCases) expect(Object.keys(tc).sort()).toEqual(Object.keys(messageFields).sort())
  })

  it.each(Object.keys(messageFields) as MessageField[])("%s", (field) => {
    const codec: c.Codec<unknown> = messageFields[field]
    let roundTripped = 0
    for (const [i, tc] of messagesCases.entries()) {
      const bytes = hex(tc[field]!)
      const res = c.decode(codec, bytes)
      expect(res, `case #${i}`).toMatchObject({ ok: true })
      if (!res.ok) continue
      expect(Buffer.from(c.encode(codec, res.value)).equals(bytes), `case #${i} re-encodes`).toBe(true)
      roundTripped++
    }
    expect(roundTripped).toBe(UPSTREAM_CASES)
  })

  it("carries the wire format and content type each field is named after", () => {
    const expected: [MessageField, string, string?][] = [
      ["mls_welcome", "mls_welcome"], ["mls_group_info", "mls_group_info"], ["mls_key_package", "mls_key_package"],
      ["public_message_application", "mls_public_message", "application"],
      ["public_message_proposal", "mls_public_message", "proposal"],
      ["public_message_commit", "mls_public_message", "commit"], ["private_message", "mls_private_message"],
    ]
    for (const tc of messagesCases) {
      for (const [field, wireFormat, contentType] of expected) {
        const msg = mustDecode(c.mlsMessageCodec, hex(tc[field]!))
        expect(msg.wireFormat).toBe(wireFormat)
        if (contentType !== undefined && msg.wireFormat === "mls_public_message") {
          expect(msg.publicMessage.content.contentType).toBe(contentType)
        }
      }
    }
  })

  it("decodes the body of every extension of a known type", () => {
    let known = 0
    for (const tc of messagesCases) {
      const gi = mustDecode(c.mlsMessageCodec, hex(tc.mls_group_info!))
      const kp = mustDecode(c.mlsMessageCodec, hex(tc.mls_key_package!))
      const tree = mustDecode(c.ratchetTreeCodec, hex(tc.ratchet_tree!))
      const lists = [
        gi.wireFormat === "mls_group_info" ? [...gi.groupInfo.extensions, ...gi.groupInfo.groupContext.extensions] : [],
        kp.wireFormat === "mls_key_package" ? [...kp.keyPackage.extensions, ...kp.keyPackage.leafNode.extensions] : [],
        ...tree.map((n) => (n?.nodeType === "leaf" ? n.leafNode.extensions : [])),
      ]
      for (const ext of lists.flat()) {
        const res = c.decodeExtensionBody(ext)
        expect(res.ok).toBe(true)
        if (res.ok && res.value.type !== "unknown") known++
      }
    }
    expect(known).toBeGreaterThan(0)
  })
})

describe("deserialization.json: variable-length vector headers", () => {
  const cases = loadVectorFile<{ vlbytes_header: string; length: number }[]>("mls/deserialization.json")
  it("decodes each header to its length and encodes the length back to the header", () => {
    expect(cases.length).toBe(14)
    for (const { vlbytes_header: header, length } of cases) {
      expect(decodeWith("VLBytesHeader", hex(header), (r) => r.varint("length"))).toEqual({ ok: true, value: length })
      const w = new Writer()
      w.varint(length)
      expect(Buffer.from(w.finish()).toString("hex")).toBe(header)
    }
  })
})

describe("strictness on real messages", () => {
  const kp = hex(messagesCases[0]!.mls_key_package!)
  const splice = (b: Uint8Array, at: number, del: number, ...ins: number[]) =>
    Uint8Array.from([...b.subarray(0, at), ...ins, ...b.subarray(at + del)])
  const errorOf = (codec: c.Codec<unknown>, b: Uint8Array) => {
    const res = c.decode(codec, b)
    return res.ok ? undefined : res.error
  }

  it("rejects a KeyPackage whose init_key length is not minimally encoded", () => {
    const len = kp[8]!
    expect(len).toBeLessThan(64)
    expect(errorOf(c.mlsMessageCodec, splice(kp, 8, 1, 0x40, len))).toMatchObject({
      code: "E_VARINT_NON_MINIMAL", offset: 8, fieldPath: "MLSMessage.key_package.init_key",
    })
  })

  it("rejects the 0b11 prefix, trailing bytes, truncation and unknown wire formats", () => {
    expect(errorOf(c.mlsMessageCodec, splice(kp, 8, 1, 0xc0))).toMatchObject({ code: "E_VARINT_RESERVED", offset: 8 })
    expect(errorOf(c.mlsMessageCodec, Uint8Array.from([...kp, 0]))).toMatchObject({
      code: "E_TRAILING_BYTES", offset: kp.length, fieldPath: "MLSMessage",
    })
    expect(errorOf(c.mlsMessageCodec, kp.subarray(0, 3))).toMatchObject({
      code: "E_TRUNCATED", offset: 2, fieldPath: "MLSMessage.wire_format",
    })
    expect(errorOf(c.mlsMessageCodec, kp.subarray(0, kp.length - 1))).toMatchObject({
      code: "E_LENGTH_PAST_END", fieldPath: "MLSMessage.key_package.signature",
    })
    expect(errorOf(c.mlsMessageCodec, splice(kp, 2, 2, 0, 6))).toMatchObject({ code: "E_ENUM_UNKNOWN", offset: 2 })
  })

  it("rejects a Commit whose optional path has presence byte 2", () => {
    const tc = messagesCases.find((t) => mustDecode(c.commitCodec, hex(t.commit!)).path !== undefined)!
    const commit = hex(tc.commit!)
    const r = new Reader(commit, "Commit")
    r.opaque("proposals")
    const at = r.pos
    expect(commit[at]).toBe(1)
    expect(errorOf(c.commitCodec, splice(commit, at, 1, 2))).toMatchObject({
      code: "E_PRESENCE_BYTE", offset: at, fieldPath: "Commit.path", got: "2",
    })
  })

  it("names the full field path of an error deep inside a PublicMessage", () => {
    const msg = mustDecode(c.mlsMessageCodec, hex(messagesCases[0]!.public_message_commit!))
    const add = mustDecode(c.addCodec, hex(messagesCases[0]!.add_proposal!))
    if (msg.wireFormat !== "mls_public_message" || msg.publicMessage.content.contentType !== "commit") {
      throw new Error("public_message_commit does not hold a commit")
    }
    const marker = new Uint8Array(70).fill(0xab)
    const keyPackage = { ...add.keyPackage, leafNode: { ...add.keyPackage.leafNode, signature: marker } }
    const proposal = (p: c.Proposal): c.ProposalOrRef => ({ type: "proposal", proposal: p })
    const commit = {
      proposals: [
        proposal({ proposalType: "remove", removed: 1 }),
        proposal({ proposalType: "remove", removed: 2 }),
        proposal({ proposalType: "add", keyPackage }),
      ],
    }
    const pub = c.encodePublicMessage({ ...msg.publicMessage, content: { ...msg.publicMessage.content, commit } })
    const at = Buffer.from(pub).indexOf(Buffer.from([0x40, 70, 0xab, 0xab]))
    expect(errorOf(c.publicMessageCodec, splice(pub, at, 2, 0x40, 5))).toMatchObject({
      code: "E_VARINT_NON_MINIMAL", offset: at,
      fieldPath: "PublicMessage.content.commit.proposals[2].proposal.add.key_package.leaf_node.signature",
    })
  })

  it("rejects PrivateMessageContent padding that is not all zero", () => {
    const content: c.PrivateMessageContent = {
      contentType: "application",
      applicationData: Uint8Array.of(1, 2),
      auth: { signature: Uint8Array.of(9) },
      paddingLength: 3,
    }
    const enc = c.encodePrivateMessageContent(content)
    expect(c.decodePrivateMessageContent(enc, "application")).toEqual({ ok: true, value: content })
    const bad = Uint8Array.from(enc)
    bad[bad.length - 2] = 1
    expect(c.decodePrivateMessageContent(bad, "application")).toMatchObject({
      ok: false,
      error: { code: "E_PADDING_NONZERO", offset: bad.length - 2, fieldPath: "PrivateMessageContent.padding" },
    })
  })
})
