import { existsSync, readFileSync, statSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Command } from "commander"
import type { RunReport } from "../../reports/model.ts"
import { diffRuns, renderDiffMarkdown } from "../../reports/trend.ts"
import { HarnessError } from "../engine/errors.ts"
import { defaultHistoryDb, loadRun } from "../store/history.ts"
import type { ExitCode, Io } from "./main.ts"

interface DiffOptions {
  db: string
  json?: boolean
}

export function registerDiff(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("diff")
    .description("show what changed between two runs: regressed and recovered requirements, interface changes")
    .argument("<runA>", "the earlier run: a run ID from `conformance history`, a report.json, or a report folder")
    .argument("<runB>", "the later run, the same way")
    .option("--db <file>", "history database for run IDs", defaultHistoryDb)
    .option("--json", "machine-readable output")
    .addHelpText("after", "\nExit code: 0 nothing regressed, 1 a requirement regressed, 2 a run could not be found.")
    .action((a: string, b: string, opts: DiffOptions) => {
      const d = diffRuns(resolveRun(a, opts.db), resolveRun(b, opts.db))
      io.stdout.write(opts.json === true ? `${JSON.stringify(d, null, 2)}\n` : `${renderDiffMarkdown(d).join("\n")}\n`)
      setCode(d.regressed.length > 0 ? 1 : 0)
    })
}

/** A run by path (report.json or a folder holding one) or by ID from the history store. */
export function resolveRun(ref: string, dbFile: string): RunReport {
  const path = resolve(ref)
  if (existsSync(path)) {
    const file = statSync(path).isDirectory() ? join(path, "report.json") : path
    try {
      const report = JSON.parse(readFileSync(file, "utf8")) as RunReport
      if (report.schemaVersion !== 1 || !Array.isArray(report.scenarios)) {
        throw new Error("not a conformance report (schemaVersion 1)")
      }
      return report
    } catch (e) {
      throw new HarnessError("E_USAGE", `cannot read report ${file}: ${(e as Error).message}`, ref)
    }
  }
  const db = resolve(dbFile)
  const stored = existsSync(db) ? loadRun(db, ref) : undefined
  if (stored === undefined) {
    throw new HarnessError("E_USAGE", `no report file and no run with ID ${JSON.stringify(ref)} in ${dbFile}`, ref)
  }
  return stored
}
