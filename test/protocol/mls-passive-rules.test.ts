import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { oracleRequirements } from "../../harness/requirements/rfc9420/crypto.ts"
import { passiveRequirements } from "../../harness/requirements/rfc9420/passive.ts"
import { validationRequirements } from "../../harness/requirements/rfc9420/validation.ts"
import { applyProposals } from "../../harness/protocol/mls/passive/proposals.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { Tree } from "../../harness/protocol/mls/tree/index.ts"

const ROOT = join(import.meta.dirname, "../../harness/protocol/mls")
const FOLDERS = ["crypto", "schedule", "message", "passive"]

describe("oracle rule IDs", () => {
  it("no ID is registered twice", () => {
    const others = new Set([passiveRequirements, validationRequirements].flatMap(Object.keys))
    expect(Object.keys(oracleRequirements).filter((id) => others.has(id))).toEqual([])
  })

  it("every rule the oracle can return is registered", () => {
    const known = new Set([oracleRequirements, passiveRequirements, validationRequirements].flatMap(Object.keys))
    const used = new Set<string>()
    for (const folder of FOLDERS) {
      for (const file of readdirSync(join(ROOT, folder))) {
        const text = readFileSync(join(ROOT, folder, file), "utf8")
        for (const m of text.matchAll(/"(mls\.[a-z0-9.-]+)"/g)) used.add(m[1]!)
      }
    }
    expect(used.size).toBeGreaterThan(40)
    expect([...used].filter((id) => !known.has(id))).toEqual([])
  })
})

describe("applyProposals", () => {
  const cs = cipherSuite(1)!
  const empty: Tree = { nLeaves: 1, nodes: [undefined] }
  it("marks empty commits and Remove as needing a path, and refuses removing a blank leaf", () => {
    const none = new Uint8Array(0)
    expect(applyProposals(cs, empty, none, [], [])).toMatchObject({ ok: true, value: { pathRequired: true } })
    const remove = {
      proposal: { proposalType: "remove" as const, removed: 0 },
      sender: { senderType: "member" as const, leafIndex: 0 },
    }
    expect(applyProposals(cs, empty, none, [], [remove])).toMatchObject({ rule: "mls.proposal.remove-target-member" })
  })
})
