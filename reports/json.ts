import type { RunReport } from "./model.ts"

/** Canonical JSON: scenarios in ID order, two-space indent, trailing newline. */
export function renderJson(report: RunReport): string {
  const scenarios = [...report.scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return `${JSON.stringify({ ...report, scenarios }, null, 2)}\n`
}
