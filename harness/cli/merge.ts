import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Command } from "commander"
import { HarnessError } from "../engine/errors.ts"
import { mergeReports } from "../../reports/merge.ts"
import type { RunReport } from "../../reports/model.ts"
import { writeAllReports } from "../../reports/write-all.ts"
import type { ExitCode, Io } from "./main.ts"

export function registerMerge(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("merge")
    .description("merge the reports of a sharded run (each shard's --out folder) into one report")
    .argument("<shard-dirs...>", "the --out folders of the shards")
    .option("--out <dir>", "report folder for the merged report", "conformance-report")
    .action(async (dirs: string[], opts: { out: string }) => {
      const shards = dirs.map((d) => readReport(resolve(d)))
      let merged: RunReport
      try {
        merged = mergeReports(shards)
      } catch (e) {
        throw new HarnessError("E_USAGE", (e as Error).message)
      }
      await writeAllReports(resolve(opts.out), merged)
      io.stdout.write(`merged ${shards.length} shards: ${merged.scenarios.length} scenarios — exit ${merged.exit.code} (${merged.exit.reason})\n`)
      setCode(merged.exit.code)
    })
}

function readReport(dir: string): RunReport {
  const file = join(dir, "report.json")
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as RunReport
    if (report.schemaVersion !== 1) throw new Error(`unsupported schemaVersion ${String(report.schemaVersion)}`)
    return report
  } catch (e) {
    throw new HarnessError("E_USAGE", `cannot read shard report ${file}: ${(e as Error).message}`, file)
  }
}
