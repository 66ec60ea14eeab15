import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Command } from "commander"
import { HarnessError } from "../engine/errors.ts"
import { faultCatalogue, isFaultId } from "../../targets/reference/faults.ts"
import { startSuiteSession } from "../../targets/reference/suite-session.ts"
import type { ExitCode, Io } from "./main.ts"

interface ServeOptions {
  dataDir: string
  fault?: string[]
  readyJson?: boolean
}

export function registerServeReference(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("serve-reference")
    .description("start the reference MIMI provider pair (hub.example and follower.example) on loopback until interrupted")
    .option("--data-dir <dir>", "CA, certificates and SQLite stores; reused across restarts", ".conformance/reference")
    .option("--fault <id...>", "switch seeded faults on (see conformance faults)")
    .option("--ready-json", "print one JSON line with the target's provider config when ready (for scripts)")
    .action(async (opts: ServeOptions) => {
      const faults = opts.fault ?? []
      const unknown = faults.filter((f) => !isFaultId(f))
      if (unknown.length > 0) {
        throw new HarnessError("E_USAGE", `unknown fault ${unknown.join(", ")}; valid: ${faultCatalogue.map((f) => f.id).join(", ")}`, "--fault")
      }
      const dataDir = resolve(opts.dataDir)
      mkdirSync(dataDir, { recursive: true })
      const session = await startSuiteSession({ dataDir, faults })
      const { hub, follower } = session.pair
      if (opts.readyJson === true) {
        io.stdout.write(`${JSON.stringify({ provider: session.provider })}\n`)
      } else {
        io.stdout.write(
          [
            `hub       ${hub.directoryUrl}  at ${hub.origin}`,
            `follower  ${follower.directoryUrl}  at ${follower.origin}`,
            `driver    ${session.provider.driverUrl}  (client certificate ${session.provider.tls.cert}, key ${session.provider.tls.key}, CA ${session.provider.tls.ca})`,
            `faults    ${faults.length === 0 ? "none" : faults.join(", ")}`,
            "Ctrl-C stops both providers.",
            "",
          ].join("\n"),
        )
      }
      await new Promise<void>((done) => {
        process.once("SIGINT", done)
        process.once("SIGTERM", done)
      })
      await session.stop()
      setCode(0)
    })
}
