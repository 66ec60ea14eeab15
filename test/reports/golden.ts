import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { expect } from "vitest"
import { prepareReport } from "../../reports/write-all.ts"
import type { RunReport } from "../../reports/model.ts"
import type { TrendInput } from "../../reports/reliability.ts"
import { fixtureHistory, fixtureRegistry, fixtureReport, usedKey, withObserved } from "./fixture.ts"

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), "golden")

/** Compares with test/reports/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function matchGolden(name: string, actual: string): void {
  const file = join(goldenDir, name)
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1`)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, actual)
    return
  }
  expect(actual).toBe(readFileSync(file, "utf8"))
}

/** The fixture as the writer prepares it: redacted, with coverage and observed capabilities. */
export function preparedFixture(): RunReport {
  return prepareReport(withObserved(fixtureReport()), { registry: fixtureRegistry, secrets: [usedKey] })
}

export function fixtureTrend(): TrendInput {
  return { previous: prepareReport(fixtureReport("previous"), { registry: fixtureRegistry }), history: fixtureHistory }
}
