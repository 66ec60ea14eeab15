import { describe, expect, test } from "vitest"
import { bytesEqual, printable, valueEqual } from "../../harness/engine/finding.ts"
import { verdictForViolation, worst } from "../../harness/engine/verdict.ts"

describe("worst-of rollup", () => {
  test.each([
    [["pass", "pass"], "pass"],
    [["pass", "warn"], "warn"],
    [["warn", "fail"], "fail"],
    [["fail", "timeout"], "timeout"],
    [["timeout", "error", "pass"], "error"],
    [["info", "pass"], "info"],
    [[], "pass"],
  ] as const)("%j → %s", (list, expected) => {
    expect(worst(list)).toBe(expected)
  })

  test("a violated requirement's verdict follows its level", () => {
    expect([verdictForViolation("MUST"), verdictForViolation("SHOULD"), verdictForViolation("MAY")]).toEqual(["fail", "warn", "info"])
  })
})

describe("matchers", () => {
  test("bytesEqual shows hex with length and the first differing byte", () => {
    const f = bytesEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))
    expect(f).toEqual({ ok: false, expected: "010204 (3 bytes)", actual: "010203 (3 bytes)", hint: "first difference at byte 2" })
    expect(bytesEqual(new Uint8Array([9]), new Uint8Array([9])).ok).toBe(true)
  })

  test("valueEqual compares printable forms, bigint and bytes included", () => {
    expect(valueEqual({ epoch: 3n }, { epoch: 3n }).ok).toBe(true)
    expect(valueEqual({ epoch: 3n }, { epoch: 4n })).toMatchObject({ ok: false, expected: '{"epoch":"4"}', actual: '{"epoch":"3"}' })
    expect(printable(new Uint8Array(100))).toMatch(/… \(100 bytes\)$/)
  })
})
