import { describe, expect, it } from "vitest"
import { decode, encode } from "../../harness/protocol/tls-syntax/index.ts"
import { decodeNotifyBody, encodeNotifyBody, type FanoutMessage } from "../../harness/protocol/mimi/fanout.ts"
import { samples } from "./mimi-codec-samples.ts"

describe("MIMI bodies round-trip byte-exactly", () => {
  it.each(samples.map((s) => [s.name, s] as const))("%s", (_, s) => {
    const bytes = encode(s.codec, s.value)
    const back = decode(s.codec, bytes)
    if (!back.ok) throw new Error(`${back.error.code} at ${back.error.fieldPath}`)
    expect(back.value).toEqual(s.value)
    expect(Buffer.from(encode(s.codec, back.value)).equals(Buffer.from(bytes))).toBe(true)
  })

  it("a notify body of several concatenated FanoutMessages reads back in order", () => {
    const fanouts = samples.filter((s) => s.name.startsWith("FanoutMessage")).map((s) => s.value as FanoutMessage)
    expect(fanouts.length).toBe(5)
    const body = encodeNotifyBody(fanouts)
    const back = decodeNotifyBody(body)
    expect(back.ok && back.value).toEqual(fanouts)
    expect(Buffer.from(encodeNotifyBody(back.ok ? back.value : [])).equals(Buffer.from(body))).toBe(true)
  })

  it("an empty notify body is refused", () => {
    const back = decodeNotifyBody(new Uint8Array(0))
    expect(back.ok ? "ok" : back.error.code).toBe("E_TRUNCATED")
  })
})

describe("no MIMI decoder throws on damaged input", () => {
  const named = samples.map((s) => [s.name, s] as const)

  it.each(named)("%s: every truncation is an error with an offset inside the input", (_, s) => {
    const bytes = encode(s.codec, s.value)
    for (let n = 0; n < bytes.length; n++) {
      const r = decode(s.codec, bytes.subarray(0, n))
      if (r.ok) throw new Error(`prefix of ${n}/${bytes.length} bytes decoded`)
      expect(r.error.offset).toBeLessThanOrEqual(n)
      expect(r.error.fieldPath.startsWith(s.codec.name)).toBe(true)
    }
  })

  it.each(named)("%s: a trailing byte is E_TRAILING_BYTES at the end", (_, s) => {
    const bytes = encode(s.codec, s.value)
    const r = decode(s.codec, Uint8Array.from([...bytes, 0]))
    expect(r.ok ? "ok" : [r.error.code, r.error.offset]).toEqual(["E_TRAILING_BYTES", bytes.length])
  })

  it("single-byte corruptions give a value or a typed error, never an exception", () => {
    let errors = 0
    for (const s of samples) {
      const bytes = encode(s.codec, s.value)
      for (let i = 0; i < bytes.length; i += Math.max(1, bytes.length >> 6)) {
        for (const x of [0x00, 0xff, bytes[i]! ^ 0x40]) {
          const damaged = Uint8Array.from(bytes)
          damaged[i] = x
          const r = decode(s.codec, damaged)
          if (!r.ok) {
            errors++
            expect(r.error.code).not.toBe("E_INTERNAL")
          }
        }
      }
    }
    expect(errors).toBeGreaterThan(100)
  })
})
