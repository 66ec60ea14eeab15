import { Writable } from "node:stream"
import { afterEach, describe, expect, test, vi } from "vitest"
import type { TestCase, TestModule } from "vitest/node"
import { ProgressReporter } from "../../harness/cli/progress.ts"

class Screen extends Writable {
  text = ""
  constructor(readonly isTTY: boolean) {
    super()
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

const moduleWith = (n: number) => ({ children: { allTests: () => Array.from({ length: n }) } }) as unknown as TestModule
const finished = (name: string) =>
  ({ name, meta: () => ({ conformance: { verdict: "pass" } }), result: () => ({ state: "passed" }) }) as unknown as TestCase

function drive(screen: Screen): void {
  const progress = new ProgressReporter(screen)
  progress.onTestModuleCollected(moduleWith(2))
  progress.onTestCaseResult(finished("first scenario"))
  progress.onTestCaseResult(finished("second scenario"))
  progress.onTestRunEnd()
}

describe("progress on a terminal, silence elsewhere", () => {
  afterEach(() => vi.unstubAllEnvs())

  test("a TTY sees done/total and the current scenario, redrawn on one line", () => {
    vi.stubEnv("CI", undefined)
    vi.stubEnv("NO_COLOR", undefined)
    vi.stubEnv("TERM", "xterm")
    const screen = new Screen(true)
    drive(screen)
    expect(screen.text).toContain("[1/2] pass first scenario")
    expect(screen.text).toContain("[2/2] pass second scenario")
    expect(screen.text).not.toContain("\n")
  })

  test.each([
    ["a pipe", false, {}],
    ["CI", true, { CI: "true" }],
    ["NO_COLOR", true, { NO_COLOR: "1" }],
    ["a dumb terminal", true, { TERM: "dumb" }],
  ])("%s stays quiet", (_name, isTTY, env) => {
    vi.stubEnv("CI", undefined)
    vi.stubEnv("NO_COLOR", undefined)
    vi.stubEnv("TERM", "xterm")
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v)
    const screen = new Screen(isTTY)
    drive(screen)
    expect(screen.text).toBe("")
  })
})
