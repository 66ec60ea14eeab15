import type { Command } from "commander"
import { resolve } from "node:path"
import { FAMILY_NAMES } from "../vectors/families/index.ts"
import { runFamily, selectFamilies, type FamilyReport } from "../vectors/families/run.ts"
import { defaultVectorsDir } from "../vectors/load.ts"
import type { ExitCode, Io } from "./main.ts"

interface VectorsOptions {
  vectorsDir?: string
  family?: string
  json?: boolean
}

const suiteLabel = (cs: number | "none") => (cs === "none" ? "-" : `cs=${cs}`)

function printText(io: Io, reports: FamilyReport[]): void {
  const width = Math.max(...reports.map((r) => r.family.length))
  for (const r of reports) {
    io.stdout.write(`${r.family.padEnd(width)}  ${r.cases} cases, ${r.passed} passed, ${r.failed} failed`
      + `  (${(r.ms / 1000).toFixed(1)} s)\n`)
    for (const s of r.cipherSuites) {
      const label = suiteLabel(s.cipherSuite).padEnd(5)
      io.stdout.write(`  ${label} ${s.cases} cases, ${s.passed} passed, ${s.failed} failed\n`)
    }
    for (const f of r.failures) {
      io.stdout.write(`  FAIL ${f.id}: ${f.field}: expected ${f.expected}, got ${f.actual}\n`)
    }
  }
  const failed = reports.reduce((n, r) => n + r.failed, 0)
  const cases = reports.reduce((n, r) => n + r.cases, 0)
  io.stdout.write(`${reports.length} families, ${cases} cases, ${cases - failed} passed, ${failed} failed\n`)
}

export function registerVectors(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("vectors")
    .description("verify the suite's own MLS oracle on the test-vector files, per family and cipher suite")
    .option("--vectors-dir <dir>", "another set of vector files of the same format (default: the shipped set)")
    .option("--family <family>", `only this family (${FAMILY_NAMES.join(", ")})`)
    .option("--json", "machine-readable output")
    .action((opts: VectorsOptions) => {
      const dir = opts.vectorsDir === undefined ? defaultVectorsDir : resolve(opts.vectorsDir)
      const reports = selectFamilies(dir, opts.family).map(({ verifier, files }) => runFamily(verifier, files))
      if (opts.json === true) io.stdout.write(`${JSON.stringify({ families: reports }, null, 2)}\n`)
      else printText(io, reports)
      setCode(reports.some((r) => r.failed > 0) ? 1 : 0)
    })
}
