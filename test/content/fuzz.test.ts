import { describe, expect, it } from "vitest"
import { decodeMimiContent, encodeMimiContent } from "../../harness/protocol/content/index.ts"
import { examples, fromHex, toHex } from "./fixtures.ts"

/** xorshift32: a fixed seed keeps the mutations the same on every run. */
function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1
  return (n) => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x % n
  }
}

function mutate(input: Uint8Array, rand: (n: number) => number): Uint8Array {
  const b = Array.from(input)
  const at = rand(b.length)
  switch (rand(4)) {
    case 0:
      b[at] = (b[at] as number) ^ (1 << rand(8))
      break
    case 1:
      b.splice(at, 0, rand(256))
      break
    case 2:
      b.splice(at, 1)
      break
    default:
      b.length = at
  }
  return new Uint8Array(b)
}

describe("mutated examples (seeded)", () => {
  it("never throw; each is refused with an in-bounds offset or re-encodes to exactly its own bytes", () => {
    const rand = prng(0x6d696d69)
    let refused = 0
    let accepted = 0
    for (let i = 0; i < 4000; i++) {
      const source = fromHex(examples[i % examples.length]?.cbor ?? "")
      const bytes = mutate(source, rand)
      const r = decodeMimiContent(bytes)
      if (r.ok) {
        accepted++
        expect(toHex(encodeMimiContent(r.value))).toBe(toHex(bytes))
      } else {
        refused++
        expect(r.error.rule).toMatch(/^content\./)
        expect(r.error.offset ?? 0).toBeLessThanOrEqual(bytes.length)
      }
    }
    expect(refused + accepted).toBe(4000)
    expect(refused).toBeGreaterThan(2000)
  })
})
