import { defineConfig } from "vitest/config"
import ClosingLineReporter from "./test/support/closing-line.ts"

// The project's own tests (oracles against vectors, engine, CLI, fault self-tests).
// The conformance scenarios in suites/ are not run from here: the CLI starts them.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", new ClosingLineReporter()],
  },
})
