import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Command } from "commander"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { registerDiff } from "../../harness/cli/diff.ts"
import { registerHistory } from "../../harness/cli/history.ts"
import type { ExitCode } from "../../harness/cli/main.ts"
import { HarnessError } from "../../harness/engine/errors.ts"
import { listRuns, loadRun, openHistory, recordRun, requirementHistory, trendFor } from "../../harness/store/history.ts"
import { renderJson } from "../../reports/json.ts"
import { renderReliabilityMarkdown } from "../../reports/reliability.ts"
import { diffRuns } from "../../reports/trend.ts"
import { fixtureReport } from "../reports/fixture.ts"

async function cli(register: typeof registerDiff, argv: string[]): Promise<{ code: ExitCode; out: string }> {
  let code: ExitCode = 2
  let out = ""
  const sink = { write: (s: string) => (out += s) }
  const io = { stdout: sink, stderr: sink } as never
  const program = new Command("conformance").exitOverride()
  register(program, io, (c) => (code = c))
  await program.parseAsync(["node", "conformance", ...argv])
  return { code, out }
}

describe("history store", () => {
  let dir: string
  let db: string
  const first = fixtureReport("previous")
  const second = fixtureReport("current")

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "history-"))
    db = join(dir, "nested", "history.db")
    recordRun(db, first)
    recordRun(db, second)
    recordRun(db, { ...first, run: { ...first.run, id: "other-1" }, target: { ...first.target, name: "other-target" } })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("uses WAL and lists runs newest first, per target", () => {
    const handle = openHistory(db)
    expect(handle.pragma("journal_mode", { simple: true })).toBe("wal")
    handle.close()
    const runs = listRuns(db, { target: "example-provider" })
    expect(runs.map((r) => r.runId)).toEqual([second.run.id, first.run.id])
    expect(runs[0]).toMatchObject({ exitCode: 2, scenarios: 7, suiteCommit: second.suite.commit, summary: { fail: 1 } })
    expect(listRuns(db)).toHaveLength(3)
    expect(listRuns(db, { target: "nobody" })).toEqual([])
  })

  it("keeps the full report and per-requirement verdicts; recording again replaces", () => {
    expect(loadRun(db, second.run.id)).toEqual(second)
    recordRun(db, second)
    expect(listRuns(db, { target: "example-provider" })).toHaveLength(2)
    const points = requirementHistory(db, "example-provider", "mimi.key-material.single-use")
    expect(points.map((r) => r.verdict)).toEqual(["fail", "pass"])
  })

  it("gives the trend of a run: the previous run of the same target and the recent points", () => {
    const trend = trendFor(db, second)
    expect(trend.previous?.run.id).toBe(first.run.id)
    expect(trend.history?.map((h) => h.runId)).toEqual([first.run.id])
    expect(trendFor(db, first).previous).toBeUndefined()
  })

  it("the second run regressed exactly one requirement, and the reliability report names it", () => {
    const d = diffRuns(first, second)
    expect(d.regressed).toEqual([{ requirement: "mimi.key-material.single-use", before: "pass", after: "fail" }])
    expect(d.recovered).toEqual([])
    expect(diffRuns(second, first).recovered.map((c) => c.requirement)).toEqual(["mimi.key-material.single-use"])
    const md = renderReliabilityMarkdown(second, trendFor(db, second))
    expect(md).toContain("Regressed: 1\n- `mimi.key-material.single-use`: pass → fail\n")
  })

  it("`conformance history` lists the runs of a target", async () => {
    const { code, out } = await cli(registerHistory, ["history", "--db", db, "--target", "example-provider"])
    expect(code).toBe(0)
    expect(out.trim().split("\n").map((l) => l.split("\t")[0])).toEqual([second.run.id, first.run.id])
    const json = await cli(registerHistory, ["history", "--db", db, "--json"])
    expect(JSON.parse(json.out)).toHaveLength(3)
  })

  it("`conformance diff` by run ID and by report file names exactly the regressed requirement", async () => {
    const byId = await cli(registerDiff, ["diff", first.run.id, second.run.id, "--db", db, "--json"])
    expect(byId.code).toBe(1)
    const d = JSON.parse(byId.out) as ReturnType<typeof diffRuns>
    expect(d.regressed.map((c) => c.requirement)).toEqual(["mimi.key-material.single-use"])
    expect(d.interface.targetVersion).toEqual({ before: "2.3.0", after: "2.3.1" })
    writeFileSync(join(dir, "a.json"), renderJson(first))
    const text = await cli(registerDiff, ["diff", join(dir, "a.json"), second.run.id, "--db", db])
    expect(text.code).toBe(1)
    expect(text.out).toContain("Regressed: 1\n- `mimi.key-material.single-use`: pass → fail\n")
    const same = await cli(registerDiff, ["diff", second.run.id, second.run.id, "--db", db])
    expect(same.code).toBe(0)
    const missing = cli(registerDiff, ["diff", "no-such-run", second.run.id, "--db", db])
    await expect(missing).rejects.toBeInstanceOf(HarnessError)
  })
})
