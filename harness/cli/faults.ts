import type { Command } from "commander"
import { faultCatalogue } from "../../targets/reference/faults.ts"
import type { ExitCode, Io } from "./main.ts"

export function registerFaults(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("faults")
    .description("list the reference provider's seeded faults and the requirements each is meant to break")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      if (opts.json === true) {
        io.stdout.write(`${JSON.stringify(faultCatalogue, null, 2)}\n`)
      } else {
        for (const f of faultCatalogue) {
          io.stdout.write(`${f.id}\n  ${f.description}\n  breaks: ${f.requirements.join(", ")}\n`)
        }
      }
      setCode(0)
    })
}
