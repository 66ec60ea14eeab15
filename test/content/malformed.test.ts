import { encode } from "cbor2"
import { describe, expect, it } from "vitest"
import {
  decodeMimiContent, encodeExtensionValue, encodeMimiContent, MAX_PARTS, type ContentDecodeError, type NestedPart,
} from "../../harness/protocol/content/index.ts"
import { content, example, fromHex, nested, patch, rebuild, text } from "./fixtures.ts"

function refusal(bytes: Uint8Array): ContentDecodeError {
  const r = decodeMimiContent(bytes)
  if (r.ok) throw new Error("decoded, but a refusal was expected")
  return r.error
}

const accepted = (bytes: Uint8Array): boolean => decodeMimiContent(bytes).ok

// "original": 87 | 50 salt(2..17) | f6 40 f6 f6 | a2 01 78 20 sender(26..57) 02 78 25 room(61..97) | 85 01 60 01 …
const SENDER = "01782" + "06d696d693a2f2f6578616d706c652e636f6d2f752f616c6963652d736d697468"
const ROOM = "0278256d696d693a2f2f6578616d706c652e636f6d2f722f656e67696e656572696e675f7465616d"

describe("malformed MIMI content is refused with the rule it breaks", () => {
  it("non-shortest integer", () => {
    const e = refusal(patch("original", "85016001781e", "8518016001781e"))
    expect(e).toMatchObject({ code: "E_NON_SHORTEST", rule: "content.encoding.shortest-form", offset: 99 })
    expect(e.path).toBe("mimiContent.nestedPart[0]")
  })

  it("non-shortest length", () => {
    const e = refusal(patch("original", "0278256d", "027900256d"))
    expect(e).toMatchObject({ code: "E_NON_SHORTEST", rule: "content.encoding.shortest-form", offset: 59 })
  })

  it("indefinite length", () => {
    const h = example("original").cbor
    const e = refusal(fromHex(`9f${h.slice(2)}ff`))
    expect(e).toMatchObject({ code: "E_INDEFINITE_LENGTH", rule: "content.encoding.definite-length", offset: 0 })
  })

  it("unsorted map keys", () => {
    const e = refusal(patch("original", SENDER + ROOM, ROOM + SENDER))
    expect(e).toMatchObject({ code: "E_MAP_KEY_ORDER", rule: "content.encoding.map-key-order", offset: 63 })
    expect(e.path).toBe("mimiContent.extensions[1]")
  })

  it("duplicate map key", () => {
    const e = refusal(patch("original", SENDER + ROOM, SENDER + SENDER))
    expect(e).toMatchObject({ code: "E_DUPLICATE_KEY", rule: "content.extensions.unique-key", offset: 58 })
  })

  it("NestedParts nested more than 4 levels deep (4 levels pass)", () => {
    expect(accepted(encodeMimiContent(content(1, { nestedPart: nested(4) })))).toBe(true)
    const e = refusal(encodeMimiContent(content(1, { nestedPart: nested(5) })))
    expect(e).toMatchObject({ code: "E_TOO_DEEP", rule: "content.depth.nested-parts" })
    expect(e.path).toBe("mimiContent.nestedPart.parts[0].parts[0].parts[0].parts[0]")
  })

  it("more than 1024 parts (1024 pass)", () => {
    const many = (children: number): NestedPart => ({
      disposition: 1, language: "", cardinality: 3, partSemantics: 2,
      parts: Array.from({ length: children }, (_, i) => text(`${i}`)),
    })
    expect(accepted(encodeMimiContent(content(1, { nestedPart: many(MAX_PARTS - 1) })))).toBe(true)
    const e = refusal(encodeMimiContent(content(1, { nestedPart: many(MAX_PARTS) })))
    expect(e).toMatchObject({ code: "E_TOO_MANY_PARTS", rule: "content.limits.part-count" })
    expect(e.path).toBe(`mimiContent.nestedPart.parts[${MAX_PARTS - 1}]`)
  })

  it("unknown hash-algorithm octet in a message ID", () => {
    const e = refusal(patch("reply", "5820017ce548", "5820027ce548"))
    expect(e).toMatchObject({ code: "E_UNKNOWN_HASH_ALG", rule: "content.message-id.known-hash-alg", got: "0x02" })
    expect(e.path).toBe("mimiContent.inReplyTo")
  })

  it("wrong array arity", () => {
    const e = refusal(rebuild("original", (items) => items.push(null)))
    expect(e).toMatchObject({ code: "E_WRONG_ARITY", rule: "content.schema.message", path: "mimiContent", offset: 0 })
    const short = refusal(rebuild("original", (items) => (items[6] as unknown[]).pop()))
    expect(short).toMatchObject({ code: "E_WRONG_ARITY", rule: "content.schema.nested-part" })
  })

  it("wrong type", () => {
    const e = refusal(rebuild("original", (items) => (items[0] = "not bytes")))
    expect(e).toMatchObject({ code: "E_WRONG_TYPE", rule: "content.schema.message", path: "mimiContent.salt" })
    expect(e.offset).toBe(1)
    const ext = refusal(rebuild("original", (items) => (items[5] = [])))
    expect(ext).toMatchObject({ code: "E_WRONG_TYPE", path: "mimiContent.extensions" })
  })
})

describe("the other encoding, data-model and schema limits", () => {
  const ext = (key: number | string, value: Uint8Array): Uint8Array =>
    encodeMimiContent(content(2, { extensions: { senderUri: null, roomUri: null, other: [{ key, value }] } }))
  const withExtension = (key: number | string, value: unknown): Uint8Array => ext(key, encodeExtensionValue(value))
  const raw = (key: number | string, hex: string): Uint8Array => ext(key, fromHex(hex))
  const original = example("original").cbor
  const part = (i: number, v: unknown) => (items: unknown[]) => ((items[6] as unknown[])[i] = v)
  const multi = (over: object): NestedPart => ({ ...(nested(2) as NestedPart), ...over }) as NestedPart
  const bytesKey = raw(3, "a0").map((b, i, all) => (i === all.indexOf(0x03) ? 0x40 : b))
  const badUri = encode([new Uint8Array(16), null, new Uint8Array(0), null, null, new Map([[1, 5]]), [1, "", 0]])
  const deep = (n: number): unknown => (n === 0 ? 0 : [deep(n - 1)])
  const cases: Array<[string, Uint8Array, Partial<ContentDecodeError>]> = [
    ["truncated", fromHex(original.slice(0, -2)), { code: "E_TRUNCATED", rule: "content.encoding.well-formed" }],
    ["trailing bytes", fromHex(`${original}00`), { code: "E_TRAILING_BYTES", offset: 193 }],
    ["reserved additional information", raw(3, "1c"), { code: "E_RESERVED_AI", rule: "content.encoding.well-formed" }],
    ["two-byte simple below 32", raw(3, "f814"), { code: "E_INVALID_SIMPLE", rule: "content.encoding.well-formed" }],
    ["float64 that fits float16", raw(3, "fb3ff8000000000000"),
      { code: "E_FLOAT_NOT_SHORTEST", rule: "content.encoding.shortest-form" }],
    ["float32 that fits float16", raw(3, "fa3fc00000"), { code: "E_FLOAT_NOT_SHORTEST" }],
    ["bignum that fits 64 bits", raw(3, "c24101"),
      { code: "E_BIGNUM_NOT_REDUCED", rule: "content.encoding.shortest-form" }],
    ["NaN other than f97e00", raw(3, "fa7fc00000"), { code: "E_NAN_NOT_CANONICAL", rule: "content.data-model.nan" }],
    ["invalid UTF-8", raw(3, "62c328"), { code: "E_INVALID_UTF8", rule: "content.data-model.utf8" }],
    ["byte-string extension key", bytesKey, { code: "E_KEY_TYPE", rule: "content.data-model.extension-key-type" }],
    ["text key over 255 octets", withExtension("k".repeat(256), 0),
      { code: "E_KEY_TYPE", rule: "content.data-model.extension-key-type" }],
    ["integer key beyond 2^53 - 1", raw(3, "a11b0020000000000000f6"),
      { code: "E_OUT_OF_RANGE", rule: "content.data-model.integer-key-range" }],
    ["float key in a nested map", raw(3, "a1f93e00f6"),
      { code: "E_KEY_TYPE", rule: "content.data-model.nested-key-type" }],
    ["extensions deeper than 4 levels", withExtension(256, [[[[1]]]]),
      { code: "E_TOO_DEEP", rule: "content.depth.extensions" }],
    ["senderUri that is not text", badUri, { code: "E_WRONG_TYPE", rule: "content.extensions.uri-types" }],
    ["salt of 15 octets", encodeMimiContent(content(3, { salt: new Uint8Array(15) })),
      { code: "E_WRONG_SIZE", rule: "content.message.salt-size" }],
    ["message ID of 31 octets", encodeMimiContent(content(3, { replaces: new Uint8Array(31).fill(1) })),
      { code: "E_WRONG_SIZE", rule: "content.message.message-id-size" }],
    ["topicId over 4096 octets", encodeMimiContent(content(3, { topicId: new Uint8Array(4097) })),
      { code: "E_TOO_LONG", rule: "content.limits.topic-id-length" }],
    ["expiration time beyond 32 bits", rebuild("original", (i) => (i[3] = [true, 2 ** 32])),
      { code: "E_OUT_OF_RANGE", rule: "content.schema.expiration" }],
    ["expiration flag that is not a bool", rebuild("original", (i) => (i[3] = [1, 5])),
      { code: "E_WRONG_TYPE", rule: "content.schema.expiration" }],
    ["cardinality 4", rebuild("original", part(2, 4)), { code: "E_OUT_OF_RANGE", rule: "content.schema.cardinality" }],
    ["disposition 256", rebuild("original", part(0, 256)),
      { code: "E_OUT_OF_RANGE", rule: "content.schema.disposition" }],
    ["partSemantics 3", encodeMimiContent(content(4, { nestedPart: multi({ partSemantics: 3 }) })),
      { code: "E_OUT_OF_RANGE", rule: "content.schema.part-semantics" }],
    ["MultiPart with one part", encodeMimiContent(content(4, { nestedPart: multi({ parts: [text("a")] }) })),
      { code: "E_WRONG_ARITY", rule: "content.schema.multipart-min-parts" }],
    ["ExternalPart hashAlg above one octet", rebuild("attachment", part(11, 256)),
      { code: "E_OUT_OF_RANGE", rule: "content.schema.external-part", path: "mimiContent.nestedPart.hashAlg" }],
    ["unencrypted ExternalPart with a key", rebuild("attachment", part(7, 0)),
      { code: "E_WRONG_SIZE", rule: "content.external.unencrypted-fields-empty", path: "mimiContent.nestedPart.key" }],
    ["hostile nesting in the body", rebuild("original", (i) => (i[6] = deep(40))),
      { code: "E_TOO_DEEP", rule: "content.depth.nested-parts" }],
    ["hostile nesting in the extensions", rebuild("original", (i) => (i[5] = new Map([[256, deep(40)]]))),
      { code: "E_TOO_DEEP", rule: "content.depth.extensions" }],
  ]
  it.for(cases)("%s", ([, bytes, expected]) => {
    expect(refusal(bytes)).toMatchObject(expected)
  })

  it("accepts what the limits allow: float16, f97e00 NaN, big bignum, tstr/bstr/int keys, 4 extension levels", () => {
    for (const hex of ["f93e00", "f97e00", "fa47c35040", "c249010000000000000000", "a3014040f6617802"]) {
      expect(accepted(raw(3, hex)), hex).toBe(true)
    }
    expect(accepted(withExtension(256, [[[1]]]))).toBe(true)
    expect(accepted(withExtension(-5, "private"))).toBe(true)
  })

  it("reports every refusal with an offset inside the input", () => {
    for (const [name, bytes] of cases) {
      const e = refusal(bytes)
      expect(e.offset, name).toBeGreaterThanOrEqual(0)
      expect(e.offset as number, name).toBeLessThanOrEqual(bytes.length)
    }
  })
})
