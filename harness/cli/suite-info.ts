import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The suite's package root (where package.json, suites/ and vectors/ live). */
export const suiteRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..")

let cached: { name: string; version: string; commit: string } | undefined

/** Name, version and git commit of the suite itself, for every report. */
export function suiteInfo(): { name: string; version: string; commit: string } {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(resolve(suiteRoot, "package.json"), "utf8")) as { name: string; version: string }
    cached = { name: pkg.name, version: pkg.version, commit: gitCommit() }
  }
  return cached
}

function gitCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: suiteRoot, stdio: ["ignore", "pipe", "ignore"] })
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: suiteRoot, stdio: ["ignore", "pipe", "ignore"] })
    return head.toString().trim() + (dirty.toString().trim() === "" ? "" : "-dirty")
  } catch {
    return "unknown"
  }
}
