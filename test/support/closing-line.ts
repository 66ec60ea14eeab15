import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints "N passed, N failed, N skipped" as the last line of `npm test`, the plain closing line CI
 * reads to tell a run that executed tests from one that executed none. Suite files that failed to
 * load count as failed.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of modules) {
      if (m.errors().length > 0) failed += 1
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === "passed") passed += 1
        else if (state === "failed") failed += 1
        else skipped += 1
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
