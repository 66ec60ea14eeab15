import { execFile } from "node:child_process"
import { resolve } from "node:path"

export const repoRoot = resolve(import.meta.dirname, "../..")
const bin = resolve(repoRoot, "bin/conformance.js")

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real CLI in a child process, as a user would. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 600_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1
        done({ code, stdout, stderr })
      },
    )
  })
}
