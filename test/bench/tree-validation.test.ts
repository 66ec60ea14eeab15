import { describe, expect, it } from "vitest"
import { synthTree } from "../../bench/synth-tree.ts"
import { runTreeValidation } from "../../bench/tree-validation.ts"
import { decodeRatchetTree } from "../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { validateRatchetTree } from "../../harness/protocol/mls/validate/index.ts"

describe("tree-validation bench", () => {
  it("generates the same valid tree from the same seed, and another from another seed", () => {
    const a = synthTree(5)
    expect(Buffer.from(synthTree(5).bytes).equals(a.bytes)).toBe(true)
    expect(Buffer.from(synthTree(5, "other").bytes).equals(a.bytes)).toBe(false)
    const list = decodeRatchetTree(a.bytes)
    if (!list.ok) throw new Error(list.error.code)
    expect(validateRatchetTree(cipherSuite(1)!, list.value, { groupId: a.groupId, treeHash: a.treeHash })).toEqual([])
    const tampered = a.bytes.slice()
    tampered[tampered.length - 2]! ^= 1
    const bad = decodeRatchetTree(tampered)
    if (!bad.ok) throw new Error(bad.error.code)
    expect(validateRatchetTree(cipherSuite(1)!, bad.value, { groupId: a.groupId, treeHash: a.treeHash }).length)
      .toBeGreaterThan(0)
  })

  it("validates tiny trees with the oracle, two workers and ts-mls, and skips ts-mls above its limit", async () => {
    const r = await runTreeValidation([8, 16], 8)
    type Row = { leaves: number; oracle: object; twoWorkers: object; tsMls: object | null }
    const rows = (r.data as { rows: Row[] }).rows
    expect(rows.map((x) => x.leaves)).toEqual([8, 16])
    for (const row of rows) {
      expect(row.oracle).toMatchObject({ result: "valid" })
      expect(row.twoWorkers).toMatchObject({ result: "valid" })
    }
    expect(rows[0]!.tsMls).toMatchObject({ result: "valid" })
    expect(rows[1]!.tsMls).toBeNull()
    expect(r.table).toContain("not run: ts-mls 1.6.4 cannot encode a tree above ≈5,500 members")
  }, 30_000)
})
