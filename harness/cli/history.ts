import { resolve } from "node:path"
import type { Command } from "commander"
import { verdicts } from "../engine/verdict.ts"
import { HarnessError } from "../engine/errors.ts"
import { defaultHistoryDb, listRuns } from "../store/history.ts"
import type { ExitCode, Io } from "./main.ts"

interface HistoryOptions {
  target?: string
  db: string
  limit: string
  json?: boolean
}

export function registerHistory(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("history")
    .description("list earlier runs from the history store, newest first")
    .option("--target <name>", "only runs of this target (its config name)")
    .option("--db <file>", "history database", defaultHistoryDb)
    .option("--limit <n>", "at most this many runs", "50")
    .option("--json", "machine-readable output")
    .action((opts: HistoryOptions) => {
      const limit = Number(opts.limit)
      if (!Number.isInteger(limit) || limit < 1) {
        const got = JSON.stringify(opts.limit)
        throw new HarnessError("E_USAGE", `--limit expects a positive integer, got ${got}`, "--limit")
      }
      const runs = listRuns(resolve(opts.db), { limit, ...(opts.target === undefined ? {} : { target: opts.target }) })
      if (opts.json === true) {
        io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`)
      } else if (runs.length === 0) {
        io.stdout.write(`no runs${opts.target === undefined ? "" : ` of ${opts.target}`} in ${opts.db}\n`)
      } else {
        for (const r of runs) {
          const counts = verdicts.filter((v) => (r.summary[v] ?? 0) > 0).map((v) => `${r.summary[v]} ${v}`).join(", ")
          const suite = `suite ${r.suiteVersion} ${r.suiteCommit.slice(0, 12)}`
          const cells = [r.runId, r.startedAt, r.target, `exit ${r.exitCode}`, counts || "no scenarios", suite]
          io.stdout.write(`${cells.join("\t")}\n`)
        }
      }
      setCode(0)
    })
}
