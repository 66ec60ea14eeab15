import { describe, expect, it } from "vitest"
import * as c from "../../harness/protocol/mls/codec/index.ts"
import { hex, messageFields, messagesCases, prng, type MessageField } from "./mls-codec-fixtures.ts"

const MUTATIONS = 5000
const SEED = 0x9420

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const at = Math.floor(rand() * src.length)
  const byte = Math.floor(rand() * 256)
  switch (Math.floor(rand() * 5)) {
    case 0: { // bit flip
      const out = Uint8Array.from(src)
      out[at] = out[at]! ^ (1 << Math.floor(rand() * 8))
      return out
    }
    case 1: { // byte replaced
      const out = Uint8Array.from(src)
      out[at] = byte
      return out
    }
    case 2: return src.slice(0, at) // truncation
    case 3: return Uint8Array.from([...src.subarray(0, at), byte, ...src.subarray(at)]) // insertion
    default: { // deletion of 1–4 bytes
      const n = 1 + Math.floor(rand() * 4)
      return Uint8Array.from([...src.subarray(0, at), ...src.subarray(at + n)])
    }
  }
}

describe("fuzz: mutated upstream messages", () => {
  it(`${MUTATIONS} mutations (seed ${SEED}) yield typed errors or canonical values, never a throw`, () => {
    const rand = prng(SEED)
    const fields = Object.keys(messageFields) as MessageField[]
    const codes = new Map<string, number>()
    let accepted = 0
    const start = performance.now()
    for (let i = 0; i < MUTATIONS; i++) {
      const field = fields[Math.floor(rand() * fields.length)]!
      const tc = messagesCases[Math.floor(rand() * messagesCases.length)]!
      const codec: c.Codec<unknown> = messageFields[field]
      const input = mutate(hex(tc[field]!), rand)
      const res = c.decode(codec, input)
      if (res.ok) {
        // The decoder is strict, so whatever it accepts is the one canonical encoding of its value.
        expect(Buffer.from(c.encode(codec, res.value)).equals(input), `mutation #${i} of ${field}`).toBe(true)
        accepted++
        continue
      }
      const e = res.error
      expect(e.code, `mutation #${i} of ${field}: ${e.got}`).not.toBe("E_INTERNAL")
      expect(e.offset).toBeGreaterThanOrEqual(0)
      expect(e.offset).toBeLessThanOrEqual(input.length)
      expect(e.fieldPath.startsWith(codec.name)).toBe(true)
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1)
    }
    const ms = performance.now() - start
    expect(ms).toBeLessThan(10_000)
    expect(accepted + [...codes.values()].reduce((a, b) => a + b, 0)).toBe(MUTATIONS)
    for (const code of ["E_TRUNCATED", "E_LENGTH_PAST_END", "E_TRAILING_BYTES", "E_ENUM_UNKNOWN"]) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0)
    }
  })
})
