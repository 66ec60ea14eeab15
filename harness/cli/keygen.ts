import { existsSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"
import type { Command } from "commander"
import { generateSigningKey } from "../../reports/audit/sign.ts"
import { HarnessError } from "../engine/errors.ts"
import type { ExitCode, Io } from "./main.ts"

export function registerKeygen(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("keygen")
    .description("create an Ed25519 key for signing audit bundles; prints the public key to publish")
    .requiredOption("--out <file>", "where to write the private key (64 hex characters, mode 0600)")
    .action((opts: { out: string }) => {
      const file = resolve(opts.out)
      if (existsSync(file)) {
        throw new HarnessError("E_USAGE", `${opts.out} exists; refusing to overwrite a key`, "--out")
      }
      const { privateKey, publicKey } = generateSigningKey()
      writeFileSync(file, `${Buffer.from(privateKey).toString("hex")}\n`, { mode: 0o600 })
      io.stdout.write(`private key: ${opts.out}\npublic key:  ${Buffer.from(publicKey).toString("hex")}\n`)
      setCode(0)
    })
}
