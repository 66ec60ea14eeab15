import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, test } from "vitest"
import type { RunReport } from "../../reports/model.ts"
import { cli, type CliResult } from "../support/cli.ts"

const work = mkdtempSync(join(tmpdir(), "conformance-reference-run-"))
const history = join(work, "history.db")
// The keyMaterial scenarios: quick, and one of them is what the seeded fault breaks.
const slice = ["--profile", "mimi-protocol", "--grep", "KeyPackage", "--history", history]
let clean: CliResult
let faulty: CliResult

const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport

beforeAll(async () => {
  // Sequential: the second run's trend is read from the first run's history entry.
  clean = await cli(["run", ...slice, "--out", join(work, "clean")])
  faulty = await cli(["run", ...slice, "--fault", "key-package-reuse", "--out", join(work, "faulty")])
}, 600_000)

describe("the built-in reference provider with and without a seeded fault", () => {
  test("the clean pair passes", () => {
    expect(clean.stderr).not.toContain("Error")
    expect(clean.code).toBe(0)
    expect(report(join(work, "clean")).scenarios.length).toBeGreaterThan(0)
  })

  test("--fault key-package-reuse fails exactly the single-use requirement, exit 1", () => {
    expect(faulty.code).toBe(1)
    const r = report(join(work, "faulty"))
    expect(r.target.faults).toEqual(["key-package-reuse"])
    const failed = r.scenarios.flatMap((s) => s.checks.filter((c) => c.verdict === "fail").map((c) => c.id))
    expect([...new Set(failed)]).toEqual(["mimi.key-material.single-use"])
  })

  test("diff and the reliability report name exactly the regressed requirement", async () => {
    const d = await cli(["diff", join(work, "clean", "report.json"), join(work, "faulty", "report.json")])
    expect(d.code).toBe(1)
    expect(d.stdout).toContain("Regressed: 1\n- `mimi.key-material.single-use`: pass → fail")
    const reliability = readFileSync(join(work, "faulty", "reliability.md"), "utf8")
    expect(reliability).toContain("mimi.key-material.single-use")
  })

  test("history lists both runs of the target", async () => {
    const h = await cli(["history", "--db", history])
    expect(h.code).toBe(0)
    expect(h.stdout.match(/built-in reference counterparts/g)?.length).toBe(2)
  })

  test("an unknown fault is a usage error naming the valid ones", async () => {
    const r = await cli(["run", "--fault", "no-such-fault", "--no-history"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("key-package-reuse")
  })
})
