/**
 * Each seeded fault of the reference provider that breaks one of this area's rules makes the check
 * for that rule fail, with its requirement ID. Independent pairs run in parallel.
 */
import { beforeAll, expect, test } from "vitest"
import { problems, runAgainst, SUITES, verdictsOf, type Results } from "./run.ts"

const CASES = [
  { fault: "open-download-proxy", suite: SUITES.assets, scenario: "mimi.assets.outside-refused",
    ids: ["mimi.assets.no-open-proxy"] },
  { fault: "accept-forged-abuse-report", suite: SUITES.abuse, scenario: "mimi.abuse.report",
    ids: ["mimi.abuse.server-frank-matches", "mimi.abuse.signature-valid"] },
  { fault: "bad-frank-signature", suite: SUITES.franking, scenario: "mimi.franking.verified",
    ids: ["mimi.franking.signature-valid"] },
  { fault: "deliver-to-removed", suite: SUITES.franking, scenario: "mimi.abuse.blocked-user",
    ids: ["mimi.handshake.removed-user-cut-off"] },
] as const

const results = new Map<string, Results>()

beforeAll(async () => {
  const runs = await Promise.all(CASES.map((c) => runAgainst([c.fault], [c.suite])))
  CASES.forEach((c, i) => results.set(c.fault, runs[i]!))
}, 150_000)

test.each(CASES.map((c) => [c.fault, c] as const))("%s fails its targeted check", (_fault, c) => {
  const run = results.get(c.fault) ?? new Map()
  expect(run.get(c.scenario)?.verdict, problems(run)).toBe("fail")
  for (const id of c.ids) expect(verdictsOf(run, c.scenario, id), id).toContain("fail")
})
