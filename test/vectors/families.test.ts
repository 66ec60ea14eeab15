import { describe, expect, it } from "vitest"
import { caseIds, family, OFFICIAL_FAMILIES, type FamilyVerifier } from "../../harness/vectors/families/index.ts"
import { runFamily } from "../../harness/vectors/families/run.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

type Json = Record<string, unknown>

/** Cases per upstream file: a file that yields fewer cases than it holds is a defect. */
const UPSTREAM: Record<string, number> = {
  "tree-math": 10, "crypto-basics": 7, deserialization: 14, messages: 300, "key-schedule": 7, psk_secret: 77,
  "secret-tree": 21, "transcript-hashes": 7, "message-protection": 7, welcome: 7, "tree-validation": 98,
  "tree-operations": 5, treekem: 77, "passive-client-welcome": 56, "passive-client-handling-commit": 91,
  "passive-client-random": 1,
}

const casesOf = (name: string) => loadVectorFile<Json[]>(`mls/${name}.json`)
const flip = (hex: string) => (parseInt(hex[0]!, 16) ^ 1).toString(16) + hex.slice(1)

describe("every official family passes on every case", () => {
  it("there is one verifier per upstream file", () => {
    expect(OFFICIAL_FAMILIES.map((f) => f.family).sort()).toEqual(Object.keys(UPSTREAM).sort())
  })

  it.each(OFFICIAL_FAMILIES.map((f) => [f.family, f] as const))("%s", (name, verifier) => {
    const cases = casesOf(name)
    const report = runFamily(verifier, [{ file: `mls/${name}.json`, cases }])
    expect(report.failures).toEqual([])
    expect(report.cases).toBe(cases.length)
    expect(report.cases).toBe(UPSTREAM[name])
    expect(report.passed).toBe(cases.length)
    expect(report.cipherSuites.reduce((n, s) => n + s.cases, 0)).toBe(cases.length)
    const suites = new Set(cases.map((c) => c.cipher_suite).filter((cs) => cs !== undefined))
    if (suites.size > 0 && name !== "tree-operations" && name !== "passive-client-random") {
      expect([...suites].sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
    }
  }, 180_000)
})

/** One mutated case per family: [family, case index, mutation, the field the verdict must name]. */
const MUTATIONS: [string, number, (c: Json) => void, string][] = [
  ["tree-math", 3, (c) => { c.root = (c.root as number) + 1 }, "root"],
  ["tree-math", 2, (c) => { (c.sibling as number[])[1] = 9 }, "sibling[1]"],
  ["crypto-basics", 4, (c) => {
    const d = c.derive_secret as Json
    d.out = flip(d.out as string)
  }, "derive_secret.out"],
  ["deserialization", 5, (c) => { c.length = (c.length as number) + 1 }, "length"],
  ["messages", 7, (c) => { c.commit = `${c.commit as string}00` }, "commit"],
  ["key-schedule", 2, (c) => {
    const x = ((c.epochs as Json[])[1]!.exporter as Json)
    x.secret = flip(x.secret as string)
  }, "epochs[1].exporter.secret"],
  ["psk_secret", 9, (c) => { c.psk_secret = flip(c.psk_secret as string) }, "psk_secret"],
  ["secret-tree", 1, (c) => {
    const e = (c.leaves as Json[][])[1]![0]!
    e.application_nonce = flip(e.application_nonce as string)
  }, "leaves[1][0].application_nonce"],
  ["transcript-hashes", 3, (c) => {
    c.interim_transcript_hash_after = flip(c.interim_transcript_hash_after as string)
  }, "interim_transcript_hash_after"],
  ["message-protection", 5, (c) => { c.application = flip(c.application as string) }, "application"],
  ["welcome", 2, (c) => { c.init_priv = flip(c.init_priv as string) }, "welcome"],
  ["tree-validation", 20, (c) => {
    const h = c.tree_hashes as string[]
    h[2] = flip(h[2]!)
  }, "tree_hashes[2]"],
  ["tree-operations", 1, (c) => { c.tree_hash_after = flip(c.tree_hash_after as string) }, "tree_hash_after"],
  ["treekem", 0, (c) => {
    const u = (c.update_paths as Json[])[1]!
    u.commit_secret = flip(u.commit_secret as string)
  }, "update_paths[1].commit_secret"],
  ["passive-client-welcome", 3, (c) => {
    c.initial_epoch_authenticator = flip(c.initial_epoch_authenticator as string)
  }, "initial_epoch_authenticator"],
  ["passive-client-handling-commit", 10, (c) => {
    const e = (c.epochs as Json[])[1]!
    e.epoch_authenticator = flip(e.epoch_authenticator as string)
  }, "epochs[1].epoch_authenticator"],
  ["passive-client-random", 0, (c) => {
    const e = (c.epochs as Json[])[2]!
    e.commit = `${(e.commit as string).slice(0, -2)}${flip((e.commit as string).slice(-2))}`
  }, "epochs[2].commit"],
]

describe("a mutated case fails naming the field that differs", () => {
  it("every family has a mutation", () => {
    expect(new Set(MUTATIONS.map(([name]) => name))).toEqual(new Set(Object.keys(UPSTREAM)))
  })

  it.each(MUTATIONS)("%s #%i", (name, index, mutate, field) => {
    const verifier = family(name) as FamilyVerifier
    const original = casesOf(name)[index]!
    expect(verifier.verifyCase(original)).toEqual({ ok: true })
    const mutated = structuredClone(original)
    mutate(mutated)
    const verdict = verifier.verifyCase(mutated)
    expect(verdict).toMatchObject({ ok: false, field })
    if (!verdict.ok) expect(verdict.expected).not.toBe(verdict.actual)
  }, 60_000)

  it("an input the oracle refuses by throwing is a failure, not a crash", () => {
    const c = structuredClone(casesOf("crypto-basics")[0]!)
    const secret = c.derive_tree_secret as Json
    secret.length = 70_000
    expect(family("crypto-basics")!.verifyCase(c)).toMatchObject({ ok: false, field: "(oracle)" })
  })

  it("a case with a missing field names it", () => {
    const { psk_secret: _drop, ...rest } = casesOf("psk_secret")[0]!
    expect(family("psk_secret")!.verifyCase(rest)).toMatchObject({ ok: false, field: "psk_secret" })
  })
})

describe("case display IDs", () => {
  it("count each cipher suite's cases in file order, or the position without a suite", () => {
    const ids = caseIds(casesOf("psk_secret"))
    expect(ids.slice(0, 2)).toEqual(["cs=1 #0", "cs=1 #1"])
    expect(new Set(ids).size).toBe(ids.length)
    expect(caseIds(casesOf("tree-math")).slice(0, 2)).toEqual(["#0", "#1"])
  })

  it("a failure carries the case ID", () => {
    const cases = casesOf("psk_secret").map((c) => structuredClone(c))
    cases[12]!.psk_secret = flip(cases[12]!.psk_secret as string)
    const r = runFamily(family("psk_secret")!, [{ file: "mls/psk_secret.json", cases }])
    expect(r).toMatchObject({ cases: 77, passed: 76, failed: 1 })
    expect(r.failures).toEqual([expect.objectContaining({ id: caseIds(cases)[12], field: "psk_secret" })])
    expect(r.cipherSuites.find((s) => s.failed === 1)?.cipherSuite).toBe(cases[12]!.cipher_suite)
  })
})
