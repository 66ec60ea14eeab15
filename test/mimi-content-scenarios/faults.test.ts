/**
 * Each seeded fault of the reference provider that breaks one of this area's rules makes the check
 * for that rule fail, with its requirement ID. Independent pairs run in parallel.
 */
import { beforeAll, expect, test } from "vitest"
import { problems, runAgainst, SUITES, verdictsOf, type Results } from "./run.ts"

const CASES = [
  { fault: "open-download-proxy", suite: SUITES.assets, scenario: "mimi.assets.outside-refused",
    ids: ["mimi.assets.no-open-proxy"] },
  { fault: "ignore-asset-policy", suite: SUITES.assets, scenario: "mimi.assets.policy",
    ids: ["mimi.asset-policy.max-size", "mimi.asset-policy.media-type", "mimi.asset-policy.recipient-enforced"],
    failing: ["upload of an oversize PDF: nothing stored", "upload of an executable: nothing stored",
      "bob's download of an executable refused", "bob's download of an oversize PDF declared small refused"] },
  { fault: "accept-forged-abuse-report", suite: SUITES.abuse, scenario: "mimi.abuse.report",
    ids: ["mimi.abuse.server-frank-matches", "mimi.abuse.signature-valid"],
    failing: ["a report with altered content: nothing stored", "a report with forged signature: nothing stored"] },
  { fault: "bad-frank-signature", suite: SUITES.franking, scenario: "mimi.franking.verified",
    ids: ["mimi.franking.signature-valid"] },
  { fault: "deliver-to-removed", suite: SUITES.franking, scenario: "mimi.abuse.blocked-user",
    ids: ["mimi.handshake.removed-user-cut-off"] },
  { fault: "deliver-to-removed", suite: SUITES.franking, scenario: "mimi.abuse.banned-user",
    ids: ["mimi.handshake.removed-user-cut-off"], failing: ["the banned user's message refused"] },
] as const

const results = new Map<string, Results>()

// One run per fault and suite: cases that share both read the same results.
beforeAll(async () => {
  const keys = [...new Set(CASES.map((c) => `${c.fault} ${c.suite}`))]
  const runs = await Promise.all(keys.map((k) => {
    const c = CASES.find((x) => `${x.fault} ${x.suite}` === k)!
    return runAgainst([c.fault], [c.suite])
  }))
  keys.forEach((k, i) => results.set(k, runs[i]!))
}, 150_000)

test.each(CASES.map((c) => [c.fault, c.scenario, c] as const))("%s fails %s", (_fault, _scenario, c) => {
  const run: Results = results.get(`${c.fault} ${c.suite}`) ?? new Map()
  expect(run.get(c.scenario)?.verdict, problems(run)).toBe("fail")
  for (const id of c.ids) expect(verdictsOf(run, c.scenario, id), id).toContain("fail")
  // Checks of what the target stored must be among the failures, not only the status checks.
  const failed = (run.get(c.scenario)?.checks ?? []).filter((x) => x.verdict === "fail").map((x) => x.expected)
  for (const what of "failing" in c ? c.failing : []) expect(failed, what).toContain(what)
})
