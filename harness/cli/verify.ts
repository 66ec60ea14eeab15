import { existsSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Command } from "commander"
import { readKey } from "../../reports/audit/sign.ts"
import { verifyBundle } from "../../reports/audit/verify.ts"
import { HarnessError } from "../engine/errors.ts"
import type { ExitCode, Io } from "./main.ts"

interface VerifyOptions {
  key?: string
  json?: boolean
}

export function registerVerify(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("verify")
    .description("check an audit bundle: the Ed25519 signature of its manifest and the sha256 of every file")
    .argument("<folder>", "the bundle folder (or the report folder that holds bundle/)")
    .option("--key <pub>", "the signer's Ed25519 public key: 64 hex characters or a file holding them")
    .option("--json", "machine-readable output")
    .addHelpText("after", "\nExit code: 0 the bundle is intact, 1 a file changed or the signature fails, 2 usage.")
    .action((folder: string, opts: VerifyOptions) => {
      const dir = bundleDir(folder)
      const key = opts.key === undefined ? undefined : readKey(opts.key, "--key")
      const result = verifyBundle(dir, key)
      if (opts.json === true) {
        const { manifest: _manifest, ...rest } = result
        io.stdout.write(`${JSON.stringify(rest, null, 2)}\n`)
      } else {
        for (const p of result.problems) io.stdout.write(`FAIL ${p.file}: ${p.problem}\n`)
        const m = result.manifest
        if (m !== undefined) {
          io.stdout.write(`bundle of run ${m.run.id} (${m.target.name}), suite ${m.suite.version} ${m.suite.commit}\n`)
        }
        io.stdout.write(`${result.verified} file(s) match the manifest; signer ${result.publicKey ?? "unknown"}\n`)
        if (result.ok) {
          io.stdout.write(result.keyPinned ? "OK: intact and signed by the given key\n"
            : "OK: intact and self-consistent; pass --key to check who signed it\n")
        } else {
          io.stdout.write(`NOT OK: ${result.problems.length} problem(s)\n`)
        }
      }
      setCode(result.ok ? 0 : 1)
    })
}

function bundleDir(folder: string): string {
  const dir = resolve(folder)
  if (existsSync(join(dir, "manifest.json"))) return dir
  if (existsSync(join(dir, "bundle", "manifest.json"))) return join(dir, "bundle")
  throw new HarnessError("E_USAGE", `no audit bundle (manifest.json) in ${folder}`, folder)
}
