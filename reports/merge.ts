import { buildReport } from "./build.ts"
import type { RunReport } from "./model.ts"

/**
 * Merges the reports of the shards of one run into one report. The shards must come from the same
 * suite commit and the same target config; their scenarios are disjoint by construction.
 */
export function mergeReports(shards: RunReport[]): RunReport {
  const first = shards[0]
  if (first === undefined) throw new Error("no shard reports to merge")
  for (const s of shards) {
    if (s.suite.commit !== first.suite.commit) throw new Error(`shards ran different suite commits: ${first.suite.commit} and ${s.suite.commit}`)
    if (s.target.configHash !== first.target.configHash) throw new Error(`shards ran different target configs (${s.run.shard ?? s.run.id})`)
  }
  const startedAt = shards.map((s) => s.run.startedAt).sort()[0] ?? first.run.startedAt
  const finishedAt = shards.map((s) => s.run.finishedAt).sort().at(-1) ?? first.run.finishedAt
  const { shard: _dropped, ...run } = first.run
  const merged = buildReport({
    suite: first.suite,
    run: { ...run, id: `${first.run.id}+${shards.length - 1}`, startedAt, finishedAt, durationMs: Date.parse(finishedAt) - Date.parse(startedAt) },
    target: first.target,
    profiles: [...new Set(shards.flatMap((s) => s.profiles))],
    capabilities: first.capabilities,
    scenarios: shards.flatMap((s) => s.scenarios),
    errors: shards.flatMap((s) => s.errors),
  })
  const observed = [...new Set(shards.flatMap((s) => s.observed?.capabilities ?? []))]
  const redactions = shards.flatMap((s) => s.redactions ?? [])
  return {
    ...merged,
    ...(first.target.directory === undefined ? {} : { target: { ...merged.target, directory: first.target.directory } }),
    ...(observed.length === 0 ? {} : { observed: { capabilities: observed } }),
    ...(redactions.length === 0 ? {} : { redactions }),
  }
}
