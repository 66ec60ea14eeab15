/**
 * The mimi-protocol scenarios against the reference pair: every scenario passes on the clean pair,
 * and every seeded fault that targets a requirement the scenarios claim makes that requirement's
 * check fail. Runs go two at a time (the machine has two cores), each on its own pair.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import type { ScenarioResult } from "../../reports/model.ts"
import { mimiScenarios } from "../../scripts/mimi-fault-matrix.ts"
import { faultCatalogue } from "../../targets/reference/index.ts"
import { startPair } from "./pair.ts"
import { alsoBreaks, deviations, unproven } from "./known.ts"
import { OWN_SUITES, runSuites } from "./run.ts"

const defined = (await mimiScenarios()).filter((s) => OWN_SUITES.includes(s.file))
const claimed = new Set(defined.flatMap((s) => s.requirements))
const targeted = faultCatalogue
  .map((f) => ({ id: f.id, requirements: [...f.requirements, ...(alsoBreaks[f.id]?.requirements ?? [])] }))
  .map((f) => ({ id: f.id, requirements: f.requirements.filter((r) => claimed.has(r)) }))
  .filter((f) => f.requirements.length > 0)

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

interface Job { name: string; faults: string[]; include: string[]; titlePattern?: string }

function jobFor(fault: (typeof targeted)[number]): Job {
  const scenarios = defined.filter((s) => s.requirements.some((r) => fault.requirements.includes(r)))
  return {
    name: fault.id, faults: [fault.id], include: [...new Set(scenarios.map((s) => s.file))],
    titlePattern: `^(${scenarios.map((s) => escape(s.title)).join("|")})$`,
  }
}

const results = new Map<string, Map<string, ScenarioResult>>()

async function runJob(job: Job): Promise<void> {
  const started = await startPair(job.faults)
  try {
    results.set(job.name, await runSuites(started.context, job.include, job.titlePattern))
  } finally {
    await started.stop()
  }
}

/** Runs the jobs with at most `width` at a time. */
async function pool(jobs: Job[], width: number): Promise<void> {
  const queue = [...jobs]
  await Promise.all(Array.from({ length: width }, async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) await runJob(job)
  }))
}

beforeAll(async () => {
  await pool([{ name: "clean", faults: [], include: OWN_SUITES }, ...targeted.map(jobFor)], 2)
}, 280_000)

afterAll(() => results.clear())

describe("mimi-protocol scenarios against the reference pair", () => {
  test("the suites define scenarios for every area", () => {
    const areas = new Set(defined.map((s) => s.file))
    expect([...areas].sort()).toEqual(OWN_SUITES)
    expect(defined.length).toBeGreaterThanOrEqual(19)
  })

  test.each(defined.map((s) => [s.id, s] as const))("%s passes on the clean pair", (_id, s) => {
    const got = results.get("clean")?.get(s.id)
    const bad = [...new Set(got?.checks.filter((c) => c.verdict !== "pass").map((c) => c.id))]
    expect({ bad, error: got?.error }).toEqual({ bad: deviations[s.id]?.checks ?? [], error: undefined })
    expect(got?.verdict).toBe(deviations[s.id] === undefined ? "pass" : "fail")
  })

  test.each(targeted.map((f) => [f.id, f] as const))("fault %s makes its requirements fail", (_id, f) => {
    const run = [...(results.get(f.id)?.values() ?? [])]
    expect(run.length).toBeGreaterThan(0)
    const failing = (v: string) => v === "fail" || v === "warn"
    const broken = (req: string) => run.some((s) => s.checks.some((c) => c.id === req && failing(c.verdict)))
    const held = f.requirements.filter((req) => !broken(req))
    expect(held).toEqual(unproven[f.id]?.requirements ?? [])
    expect(held.length).toBeLessThan(f.requirements.length)
  })
})
