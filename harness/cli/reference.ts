import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { createInterface } from "node:readline"
import type { Profile, TargetConfig } from "../config/load.ts"
import { HarnessError } from "../engine/errors.ts"
import { faultCatalogue, isFaultId } from "../../targets/reference/faults.ts"
import { suiteRoot } from "./suite-info.ts"

const mimiProfiles: readonly Profile[] = ["mimi-protocol", "mimi-content"]

/** The reference provider's known deviations, each with its reason and expiry (an expectations file). */
export const referenceDeviations = resolve(suiteRoot, "targets/reference/known-deviations.json")
const startTimeoutMs = 60_000

export interface BuiltInProviders {
  /** The config with `provider` pointing at the started hub. */
  config: TargetConfig
  stop(): Promise<void>
}

/** Refuses unknown fault IDs, and faults for a target that is not the built-in reference. */
export function checkFaults(config: TargetConfig, faults: string[]): void {
  if (faults.length === 0) return
  if (config.kind !== "reference") {
    throw new HarnessError("E_USAGE", "--fault switches faults on in the built-in reference provider; drop --target to use it", "--fault")
  }
  const unknown = faults.filter((f) => !isFaultId(f))
  if (unknown.length > 0) {
    const valid = faultCatalogue.map((f) => f.id).join(", ")
    throw new HarnessError("E_USAGE", `unknown fault ${unknown.join(", ")}; valid faults: ${valid}`, "--fault")
  }
}

/**
 * For the built-in target and a MIMI profile: starts the reference pair in its own process (as a
 * real target would run: its failures cannot take the harness down) with a fresh data folder, and
 * points the config at its hub. Otherwise there is nothing to start.
 */
export async function startBuiltInProviders(config: TargetConfig, selected: Profile[], faults: string[]): Promise<BuiltInProviders> {
  if (config.kind !== "reference" || !selected.some((p) => mimiProfiles.includes(p))) {
    return { config, stop: async () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), "conformance-reference-"))
  const args = [resolve(suiteRoot, "bin/conformance.js"), "serve-reference", "--ready-json", "--data-dir", dataDir]
  if (faults.length > 0) args.push("--fault", ...faults)
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] })
  const cleanup = async (): Promise<void> => {
    await stopChild(child)
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const provider = await readyLine(child)
    return { config: { ...config, provider }, stop: cleanup }
  } catch (e) {
    await cleanup()
    throw e
  }
}

function readyLine(child: ChildProcess): Promise<NonNullable<TargetConfig["provider"]>> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new HarnessError("E_TARGET_TIMEOUT", `the reference provider did not start within ${startTimeoutMs} ms`)), startTimeoutMs)
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once("line", (line) => {
      clearTimeout(timer)
      try {
        done((JSON.parse(line) as { provider: NonNullable<TargetConfig["provider"]> }).provider)
      } catch {
        fail(new HarnessError("E_TARGET_PROTOCOL", `the reference provider printed no ready line: ${line}`))
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      fail(new HarnessError("E_TARGET_UNREACHABLE", `the reference provider exited during start (code ${String(code)})`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000)
    child.once("exit", () => {
      clearTimeout(kill)
      done()
    })
    child.kill("SIGTERM")
  })
}
