import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { createHash } from "node:crypto"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, test } from "vitest"
import { Ajv2020 } from "ajv/dist/2020.js"
import type { RunReport } from "../../reports/model.ts"
import { cli, repoRoot } from "../support/cli.ts"

const work = mkdtempSync(join(tmpdir(), "conformance-run-"))
// A small slice of the vector suite keeps these end-to-end runs quick: the welcome-only cases.
const slice = ["--profile", "rfc9420", "--grep", "passive-client-welcome cs=1 #[0-3]\\)"]

function readReport(dir: string): RunReport {
  return JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport
}

/** A copy of the vectors with one byte of a case's expected epoch authenticator flipped. */
function mutatedVectors(): string {
  const dir = join(work, "vectors")
  cpSync(join(repoRoot, "vectors"), dir, { recursive: true })
  const file = join(dir, "mls/passive-client-welcome.json")
  const cases = JSON.parse(readFileSync(file, "utf8")) as Array<{ cipher_suite: number; initial_epoch_authenticator: string }>
  const target = cases.find((c) => c.cipher_suite === 1)
  if (target === undefined) throw new Error("no cs=1 case")
  const a = target.initial_epoch_authenticator
  target.initial_epoch_authenticator = `${a.slice(0, 10)}${a[10] === "0" ? "1" : "0"}${a.slice(11)}`
  const bytes = JSON.stringify(cases)
  writeFileSync(file, bytes)
  const manifestFile = join(dir, "MANIFEST.json")
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { files: Record<string, { sha256: string }> }
  const entry = manifest.files["mls/passive-client-welcome.json"]
  if (entry === undefined) throw new Error("manifest entry missing")
  entry.sha256 = createHash("sha256").update(bytes).digest("hex")
  writeFileSync(manifestFile, JSON.stringify(manifest))
  return dir
}

describe.concurrent("conformance run", () => {
  test("a clean slice passes, exits 0 and writes the three reports", async () => {
    const out = join(work, "clean")
    const r = await cli(["run", ...slice, "--out", out])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const report = readReport(out)
    expect(report.scenarios).toHaveLength(4)
    expect(report.scenarios.every((s) => s.verdict === "pass")).toBe(true)
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain('<testsuite name="rfc9420" tests="4" failures="0"')
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain("conformant")
    const schema = JSON.parse(readFileSync(join(repoRoot, "reports/schema/report.schema.json"), "utf8")) as object
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema)
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
  })

  test("a flipped byte in an expected epoch authenticator fails with that requirement, exit 1", async () => {
    const out = join(work, "mutated")
    const r = await cli(["run", ...slice, "--vectors-dir", mutatedVectors(), "--out", out])
    expect(r.code).toBe(1)
    const failed = readReport(out).scenarios.filter((s) => s.verdict === "fail")
    expect(failed.map((s) => s.id)).toEqual(["mls.passive.welcome[cs=1 #0]"])
    expect(failed[0]?.checks.find((c) => c.verdict === "fail")).toMatchObject({
      id: "mls.epoch.authenticator-agrees",
      level: "MUST",
      section: "8.7",
    })
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain("<failure message=\"mls.epoch.authenticator-agrees\"")
  })

  test("a target declaring fewer cipher suites gets unsupported, not fail", async () => {
    const config = join(work, "cs2-only.json")
    writeFileSync(config, JSON.stringify({
      name: "cs2 only", kind: "mls-client", adapter: "ts-mls", profiles: ["rfc9420"],
      capabilities: { cipherSuites: [2], features: ["mls.passive-client"] },
    }))
    const out = join(work, "cs2")
    const r = await cli(["run", "--target", config, ...slice, "--out", out])
    expect(r.code).toBe(0)
    const report = readReport(out)
    expect(report.summary.unsupported).toBe(4)
    expect(report.scenarios[0]?.note).toContain("mls.cipher-suite.1")
  })

  // Vitest shards by suite file; the first case of each of the four vector files gives both shards work.
  test("shards run disjoint halves and merge into the whole", async () => {
    const shards = ["1/2", "2/2"].map((s) => join(work, `shard-${s.replace("/", "-")}`))
    const runs = await Promise.all(shards.map((out, i) =>
      cli(["run", "--profile", "rfc9420", "--grep", "cs=1 #0\\)", "--shard", `${i + 1}/2`, "--out", out])))
    for (const r of runs) expect(r.code).toBe(0)
    const ids = shards.map((d) => readReport(d).scenarios.map((s) => s.id))
    expect(ids[0]?.length).toBeGreaterThan(0)
    expect(ids[1]?.length).toBeGreaterThan(0)
    expect(ids[0]?.filter((id) => ids[1]?.includes(id))).toEqual([])
    const merged = join(work, "merged")
    const m = await cli(["merge", ...shards, "--out", merged])
    expect(m.code).toBe(0)
    expect(readReport(merged).scenarios).toHaveLength(4)
  })
})
