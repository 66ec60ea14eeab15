import { describe, expect, it } from "vitest"
import { decodeWith, Writer, type Reader } from "../../harness/protocol/tls-syntax/index.ts"

const bytes = (...b: number[]) => Uint8Array.from(b)
const varint = (b: Uint8Array) => decodeWith("V", b, (r) => r.varint("len"))
const opaque = (b: Uint8Array) => decodeWith("O", b, (r) => r.opaque("data"))
const readPair = (r: Reader) => ({ a: r.u8("a"), b: r.u16("b") })

describe("varint (RFC 9420 §2.1.2)", () => {
  it("decodes the boundary values of each size and encodes them back identically", () => {
    const cases: [number[], number][] = [
      [[0x00], 0], [[0x3f], 63], [[0x40, 0x40], 64], [[0x7f, 0xff], 16383],
      [[0x80, 0x00, 0x40, 0x00], 16384], [[0xbf, 0xff, 0xff, 0xff], 0x3fffffff],
    ]
    for (const [enc, value] of cases) {
      expect(varint(bytes(...enc))).toEqual({ ok: true, value })
      const w = new Writer()
      w.varint(value)
      expect([...w.finish()]).toEqual(enc)
    }
  })

  it("rejects a longer-than-needed encoding with E_VARINT_NON_MINIMAL at the varint's offset", () => {
    for (const enc of [[0x40, 0x3f], [0x40, 0x00], [0x80, 0x00, 0x3f, 0xff], [0x80, 0x00, 0x00, 0x01]]) {
      const res = varint(bytes(...enc))
      expect(res.ok).toBe(false)
      if (!res.ok) expect(res.error).toMatchObject({ code: "E_VARINT_NON_MINIMAL", offset: 0, fieldPath: "V.len" })
    }
  })

  it("rejects the reserved 0b11 prefix with E_VARINT_RESERVED", () => {
    const res = decodeWith("O", bytes(0x01, 0xc0, 0, 0, 0, 0, 0, 0, 0), (r) => [r.u8("x"), r.varint("len")])
    expect(res).toMatchObject({ ok: false, error: { code: "E_VARINT_RESERVED", offset: 1, got: "0b11" } })
  })

  it("rejects a varint cut short with E_TRUNCATED", () => {
    expect(varint(bytes(0x80, 0x00, 0x40))).toMatchObject({ ok: false, error: { code: "E_TRUNCATED", offset: 0 } })
    expect(varint(bytes())).toMatchObject({ ok: false, error: { code: "E_TRUNCATED", offset: 0 } })
  })

  it("refuses to encode values outside 0..2^30-1", () => {
    expect(() => new Writer().varint(0x40000000)).toThrow(RangeError)
    expect(() => new Writer().varint(-1)).toThrow(RangeError)
  })
})

describe("opaque<V> and vectors", () => {
  it("rejects a length past the end with E_LENGTH_PAST_END at the length's offset", () => {
    expect(opaque(bytes(0x03, 1, 2))).toMatchObject({
      ok: false, error: { code: "E_LENGTH_PAST_END", offset: 0, expected: "at most 2 byte(s)", got: "length 3" },
    })
  })

  it("rejects trailing bytes at top level with E_TRAILING_BYTES at the first extra byte", () => {
    expect(opaque(bytes(0x01, 9, 0))).toMatchObject({ ok: false, error: { code: "E_TRAILING_BYTES", offset: 2 } })
  })

  it("returns a view of the input, not a copy", () => {
    const buf = bytes(0x02, 7, 8)
    const res = opaque(buf)
    expect(res.ok && res.value.buffer === buf.buffer && [...res.value]).toEqual([7, 8])
  })

  it("rejects an element that overruns the vector's declared length, naming the element", () => {
    const res = decodeWith("S", bytes(0x04, 1, 0, 2, 3, 0, 4), (r) => r.vector("items", readPair))
    expect(res).toMatchObject({ ok: false, error: { code: "E_TRUNCATED", fieldPath: "S.items[1].b", offset: 5 } })
  })

  it("round-trips a vector of structs whose length needs a 2-byte prefix", () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ a: i, b: i * 300 }))
    const w = new Writer(4)
    w.vector(items, (w, v) => {
      w.u8(v.a)
      w.u16(v.b)
    })
    const enc = w.finish()
    expect([enc[0], enc[1]]).toEqual([0x40, 90])
    expect(decodeWith("S", enc, (r) => r.vector("items", readPair))).toEqual({ ok: true, value: items })
  })
})

describe("optional<T>", () => {
  const opt = (b: Uint8Array) => decodeWith("P", b, (r) => r.optional("v", (r) => r.u8("x")))
  it("accepts presence bytes 0 and 1", () => {
    expect(opt(bytes(0))).toEqual({ ok: true, value: undefined })
    expect(opt(bytes(1, 5))).toEqual({ ok: true, value: 5 })
  })
  it("rejects any other presence byte with E_PRESENCE_BYTE", () => {
    for (const p of [2, 0x80, 0xff]) {
      const error = { code: "E_PRESENCE_BYTE", offset: 0, got: String(p) }
      expect(opt(bytes(p, 5))).toMatchObject({ ok: false, error })
    }
  })
})

describe("integers, fixed opaques and enums", () => {
  it("reads uint8/16/32/64 big-endian, uint64 as bigint", () => {
    const res = decodeWith("I", bytes(1, 0, 2, 0, 0, 0, 3, 0xff, 0, 0, 0, 0, 0, 0, 4), (r) =>
      [r.u8("a"), r.u16("b"), r.u32("c"), r.u64("d")])
    expect(res).toEqual({ ok: true, value: [1, 2, 3, 0xff00000000000004n] })
    const w = new Writer()
    w.u64(0xff00000000000004n)
    expect([...w.finish()]).toEqual([0xff, 0, 0, 0, 0, 0, 0, 4])
  })

  it("rejects a truncated integer and fixed opaque with E_TRUNCATED at the field", () => {
    expect(decodeWith("I", bytes(1, 2, 3), (r) => r.u32("c"))).toMatchObject({
      ok: false, error: { code: "E_TRUNCATED", fieldPath: "I.c", offset: 0 },
    })
    expect(decodeWith("F", bytes(1, 2, 3), (r) => r.fixed("guard", 4))).toMatchObject({
      ok: false, error: { code: "E_TRUNCATED", fieldPath: "F.guard" },
    })
  })

  it("rejects an unknown enum value with E_ENUM_UNKNOWN", () => {
    const names = [undefined, "a", "b"] as const
    expect(decodeWith("E", bytes(2), (r) => r.enum("kind", 1, names))).toEqual({ ok: true, value: "b" })
    expect(decodeWith("E", bytes(0, 3), (r) => r.enum("kind", 2, names))).toMatchObject({
      ok: false, error: { code: "E_ENUM_UNKNOWN", offset: 0, got: "3", expected: "one of 1 (a), 2 (b)" },
    })
  })

  it("turns an unexpected exception in a reader into E_INTERNAL instead of throwing", () => {
    const res = decodeWith("X", bytes(), () => {
      throw new TypeError("boom")
    })
    expect(res).toMatchObject({ ok: false, error: { code: "E_INTERNAL", got: "TypeError: boom" } })
  })
})
