import { availableParallelism } from "node:os"
import { join } from "node:path"
import { Writable } from "node:stream"
import { createVitest, type Reporter, type TestModule } from "vitest/node"
import type { RunContext } from "./run-context.ts"

export interface RunnerOptions {
  /** The suite's package root: suites/ lives under it. */
  root: string
  /** Globs relative to root. */
  include: string[]
  context: RunContext
  reporters: Reporter[]
  retries: number
  shard?: string
  /** Only scenarios whose title matches (vitest -t). */
  titlePattern?: string
  /** vitest's own output goes here, never to stdout (which stays machine-readable). */
  log: Writable
}

/**
 * Runs the conformance scenarios on vitest, started programmatically. The run context reaches the
 * workers through `provide`. Returns the modules so callers can count load failures.
 */
export async function runScenarios(options: RunnerOptions): Promise<ReadonlyArray<TestModule>> {
  const vitest = await createVitest(
    "test",
    {
      root: options.root,
      config: false,
      watch: false,
      include: options.include,
      reporters: options.reporters,
      provide: { conformance: options.context },
      retry: options.retries,
      passWithNoTests: true,
      // vitest's default leaves a core idle; scenarios also wait on targets, so use every core.
      maxWorkers: Math.max(2, availableParallelism()),
      // Scenario timeouts are enforced by scenario() itself; vitest's are backstops.
      testTimeout: options.context.scenarioTimeoutMs + 10_000,
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.titlePattern === undefined ? {} : { testNamePattern: options.titlePattern }),
      cache: false,
    },
    {},
    { stdout: sinkTo(options.log), stderr: sinkTo(options.log) },
  )
  try {
    const result = await vitest.start()
    return result.testModules
  } finally {
    await vitest.close()
  }
}

/** Lists scenarios without running them (static meta only). */
export async function collectScenarios(root: string, include: string[], context: RunContext, log: Writable): Promise<ReadonlyArray<TestModule>> {
  const vitest = await createVitest(
    "test",
    { root, config: false, watch: false, include, reporters: [], provide: { conformance: context }, passWithNoTests: true, cache: false },
    {},
    { stdout: sinkTo(log), stderr: sinkTo(log) },
  )
  try {
    return (await vitest.collect()).testModules
  } finally {
    await vitest.close()
  }
}

/**
 * A stream for vitest's own output that forwards to `target` and never passes on an end: vitest
 * may end its streams on close while a late worker message is still being logged, and the caller's
 * stream must outlive one vitest instance.
 */
function sinkTo(target: Writable): Writable {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!target.writableEnded) target.write(chunk)
      done()
    },
  })
  sink.end = (() => sink) as Writable["end"]
  return sink
}

/** Globs of the suite files of the given profiles. */
export function suiteGlobs(profiles: string[]): string[] {
  return profiles.map((p) => join("suites", p, "**", "*.suite.ts"))
}
