/** The content, asset, franking and abuse scenarios against a clean reference pair: every check passes. */
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { startPair, type StartedPair } from "../mimi-scenarios/pair.ts"
import { runSuites, SUITES, type Results } from "./run.ts"

/** Requirements each scenario must have checked and passed on the clean pair. */
const PASSING: Record<string, string[]> = {
  "mimi.assets.download": ["mimi.assets.proxy-returns-content", "content.external.aes-128-gcm",
    "content.external.integrity"],
  "mimi.assets.integrity": ["content.external.integrity"],
  "mimi.assets.outside-refused": ["mimi.assets.no-open-proxy", "mimi.assets.proxy-implemented"],
  "mimi.assets.policy": ["mimi.asset-policy.max-size", "mimi.asset-policy.media-type",
    "mimi.asset-policy.recipient-enforced"],
  "mimi.abuse.report": ["mimi.abuse.valid-report-accepted", "mimi.abuse.server-frank-matches",
    "mimi.abuse.signature-valid"],
  "mimi.franking.verified": ["mimi.franking.tag-in-aad", "mimi.franking.frank-returned",
    "mimi.franking.ciphersuite-matches-group",
    "mimi.franking.agent-matches-hub", "mimi.franking.signature-valid", "mimi.franking.tag-matches-content",
    "mimi.franking.sender-matches-credential", "mimi.franking.room-matches", "mimi.franking.sender-not-disclosed"],
  "mimi.franking.tag-mismatch": ["mimi.franking.tag-matches-content", "mimi.abuse.server-frank-matches"],
  "mimi.abuse.blocked-user": ["mimi.handshake.removed-user-cut-off"],
  "mimi.abuse.banned-user": ["mimi.handshake.removed-user-cut-off"],
  "content.flow.author": ["content.message-id.computation", "content.semantics.sender-matches"],
  "content.flow.foreign-edit": ["content.semantics.edit-author-only"],
  "content.flow.malformed": ["content.semantics.duplicate-id", "content.depth.nested-parts",
    "content.limits.part-count", "content.message-id.known-hash-alg"],
}

let started: StartedPair
let results: Results

beforeAll(async () => {
  started = await startPair()
  results = await runSuites(started.context, Object.values(SUITES))
}, 150_000)

afterAll(async () => started?.stop())

describe("the clean reference pair", () => {
  test("every scenario ran", () => {
    expect([...results.keys()].sort()).toEqual(Object.keys(PASSING).sort())
  })

  test.each(Object.entries(PASSING))("%s passes its checks", (id, required) => {
    const s = results.get(id)
    const bad = (s?.checks ?? []).filter((c) => c.verdict !== "pass")
    expect(s?.error, JSON.stringify(s?.error)).toBeUndefined()
    expect(bad.map((c) => `${c.id}: ${c.expected} / ${c.actual}`)).toEqual([])
    const passed = new Set((s?.checks ?? []).filter((c) => c.verdict === "pass").map((c) => c.id))
    expect(required.filter((r) => !passed.has(r))).toEqual([])
    expect(s?.verdict).toBe("pass")
  })
})
