import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, test } from "vitest"
import { cli, repoRoot } from "../support/cli.ts"

const shipped = join(repoRoot, "vectors")
const upstream = (name: string) =>
  JSON.parse(readFileSync(join(shipped, "mls", name), "utf8")) as Record<string, unknown>[]

/** A vectors directory without a manifest: another set of files of the same format. */
function vectorsDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "conformance-vectors-"))
  mkdirSync(join(dir, "mls"))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content))
  return dir
}

describe.concurrent("conformance vectors", () => {
  test("a mutated case exits 1 and names the case and the field", async () => {
    const cases = upstream("psk_secret.json")
    cases[12]!.psk_secret = "00".repeat(32)
    const dir = vectorsDir({ "mls/psk_secret.json": cases, "mls/tree-math.json": upstream("tree-math.json") })
    const r = await cli(["vectors", "--vectors-dir", dir])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("FAIL cs=2 #1: psk_secret: expected 0000")
    expect(r.stdout).toMatch(/psk_secret +77 cases, 76 passed, 1 failed/)
    expect(r.stdout).toMatch(/tree-math +10 cases, 10 passed, 0 failed/)
    expect(r.stdout).toContain("2 families, 87 cases, 86 passed, 1 failed")

    const json = await cli(["vectors", "--vectors-dir", dir, "--family", "psk_secret", "--json"])
    expect(json.code).toBe(1)
    const out = JSON.parse(json.stdout) as { families: Record<string, unknown>[] }
    expect(out.families).toEqual([expect.objectContaining({
      family: "psk_secret", cases: 77, passed: 76, failed: 1,
      failures: [expect.objectContaining({ id: "cs=2 #1", field: "psk_secret", expected: "00".repeat(32) })],
    })])
  })

  test("the shipped files of one family pass and exit 0, per cipher suite", async () => {
    const r = await cli(["vectors", "--family", "secret-tree"])
    expect(r.code).toBe(0)
    for (let cs = 1; cs <= 7; cs++) expect(r.stdout).toContain(`cs=${cs}  3 cases, 3 passed, 0 failed`)
  })

  test("--family passive-client takes any file in the passive-client format", async () => {
    const cases = upstream("passive-client-welcome.json").slice(0, 3)
    const dir = vectorsDir({ "interop-join.json": cases, "unrelated.json": upstream("tree-math.json") })
    const r = await cli(["vectors", "--vectors-dir", dir, "--family", "passive-client"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("passive-client  3 cases, 3 passed, 0 failed")
  })

  test("an unknown family exits 2 and lists the valid ones", async () => {
    const r = await cli(["vectors", "--family", "tree-maths"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("E_USAGE")
    expect(r.stderr).toContain("tree-math, crypto-basics")
    expect(r.stderr).toContain("passive-client")
  })

  test("a file that does not match its manifest exits 2", async () => {
    const dir = vectorsDir({ "mls/tree-math.json": upstream("tree-math.json").slice(1) })
    copyFileSync(join(shipped, "MANIFEST.json"), join(dir, "MANIFEST.json"))
    const r = await cli(["vectors", "--vectors-dir", dir, "--family", "tree-math"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("E_VECTOR_CHECKSUM")
  })
})
