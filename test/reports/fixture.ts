import { buildReport } from "../../reports/build.ts"
import type { RunReport, ScenarioResult } from "../../reports/model.ts"
import type { HistoryPoint } from "../../reports/trend.ts"
import { defineRequirements, RFC9420, type Requirement, type SpecDocument } from "../../harness/requirements/define.ts"

/**
 * A fixed RunReport for the renderers' golden files: every verdict, hostile evidence, a private
 * key in several printable forms, timed requests, a directory, observed capabilities. Independent
 * of the live registry, so registry growth does not move the goldens.
 */

const MIMI: SpecDocument = {
  doc: "draft-ietf-mimi-protocol-06",
  profile: "mimi-protocol",
  url: "https://www.ietf.org/archive/id/draft-ietf-mimi-protocol-06.html#section-",
}

export const fixtureRegistry: Requirement[] = Object.values({
  ...defineRequirements(RFC9420, {
    "mls.welcome.join-succeeds": { level: "MUST", section: "12.4.3.1", text: "A joiner processes a valid Welcome." },
    "mls.epoch.authenticator-agrees": { level: "MUST", section: "8.7", text: "Members agree on epoch_authenticator." },
    "mls.commit.valid-commit-processed": { level: "MUST", section: "12.4.2", text: "A valid Commit is applied." },
    "mls.commit.path-required": { level: "MUST", section: "12.4", text: "A Commit with removals carries a path." },
  }),
  ...defineRequirements(MIMI, {
    "mimi.key-material.single-use": { level: "MUST", section: "5.3", text: "A KeyPackage is handed out once." },
    "mimi.key-material.not-expired": { level: "SHOULD", section: "5.3", text: "Returned KeyPackages are not expired." },
    "mimi.handshake.order": { level: "SHOULD", section: "5.5", text: "Commits are fanned out in order." },
    "mimi.franking.signature": { level: "MUST", section: "5.9", text: "The hub signs the franking tag." },
    "mimi.transport.mtls": { level: "MUST", section: "3", text: "Providers authenticate each other with mutual TLS." },
    "mimi.transport.load": { level: "SHOULD", section: "3", text: "The hub keeps serving under load." },
    "mimi.consent.required": { level: "MAY", section: "5.2", text: "A provider may require consent <first>." },
  }),
})

/** A private key the fixture's run "used": it appears in evidence as hex and base64 and must be redacted. */
export const usedKey = new Uint8Array(Array.from({ length: 32 }, (_, i) => (i * 29 + 11) & 0xff))
const usedHex = Buffer.from(usedKey).toString("hex")
const usedB64 = Buffer.from(usedKey).toString("base64")
/** The same key as a PKCS#8 PEM (Ed25519). */
export const usedPem = [
  "-----BEGIN PRIVATE KEY-----",
  Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(usedKey)]).toString("base64"),
  "-----END PRIVATE KEY-----",
].join("\n")

type Check = ScenarioResult["checks"][number]
const check = (r: Requirement, verdict: ScenarioResult["verdict"], extra: object = {}): Check =>
  ({ id: r.id, level: r.level, verdict, doc: r.doc, section: r.section, link: r.link, ...extra })
const req = (id: string): Requirement => {
  const r = fixtureRegistry.find((x) => x.id === id)
  if (r === undefined) throw new Error(id)
  return r
}
type Requests = NonNullable<ScenarioResult["requests"]>
const requests = (endpoint: string, method: string, list: Array<[number, number]>): Requests =>
  list.map(([status, ms]) => ({ endpoint, method, status, ms }))
const claimFailure = {
  expected: "two distinct KeyPackageRefs",
  actual: "both claims returned 0x5be1… (32 bytes)",
  hint: "same KeyPackage returned twice <b>bold</b>",
}
const httpEvidence = "HTTP/1.1 200 OK\nauthorization: Bearer abcdefgh12345678\n\n" +
  `{"keyPackage":"5be1","private_key":"${usedHex}"}`
const hostile = `</pre><img src=x onerror="alert('x')"><a href="javascript:alert(1)">x</a> & "quotes" ' `
const claimRequests: Array<[number, number]> =
  [[200, 20], [200, 22], [200, 25], [500, 90], [0, 5000], [200, 21], [404, 8]]
const loadRequests = Array.from({ length: 40 }, (_, i): [number, number] => [i === 39 ? 503 : 200, 10 + ((i * 7) % 23)])

function scenarios(variant: "current" | "previous"): ScenarioResult[] {
  const claimFails = variant === "current"
  return [
    {
      id: "mls.passive.welcome[cs=1 #0]", title: "a passive client joins from the Welcome vector", profile: "rfc9420",
      file: "suites/rfc9420/passive.suite.ts", verdict: "pass", durationMs: 41, retries: 0,
      requirements: ["mls.welcome.join-succeeds", "mls.epoch.authenticator-agrees"], requires: ["mls.cipher-suite.1"],
      checks: [
        check(req("mls.welcome.join-succeeds"), "pass"),
        check(req("mls.epoch.authenticator-agrees"), "pass", { actual: "9f3a… (32 bytes)" }),
      ],
      evidence: [{ kind: "bytes", label: "epoch_authenticator", data: "9f3a0c (3 bytes)" }],
      requests: requests("mls.joinPassive", "RPC", [[200, 12], [200, 15], [200, 11]]),
    },
    {
      id: "mls.commit.process[cs=7 #0]", title: "the target applies a Commit of suite 7", profile: "rfc9420",
      file: "suites/rfc9420/passive.suite.ts", verdict: "unsupported", durationMs: 0, retries: 0,
      requirements: ["mls.commit.valid-commit-processed"], requires: ["mls.cipher-suite.7"],
      note: "the target does not declare: mls.cipher-suite.7", checks: [], evidence: [],
    },
    {
      id: "mimi.key-material.claim", title: "a claimed KeyPackage is never handed out again", profile: "mimi-protocol",
      file: "suites/mimi-protocol/key-material.suite.ts", verdict: claimFails ? "fail" : "pass",
      durationMs: 230, retries: 0,
      requirements: ["mimi.key-material.single-use", "mimi.key-material.not-expired"], requires: ["mimi.role.hub"],
      checks: [
        check(req("mimi.key-material.single-use"), claimFails ? "fail" : "pass", claimFails ? claimFailure : {}),
        check(req("mimi.key-material.not-expired"), "pass"),
      ],
      evidence: [
        { kind: "http", label: "POST /keyMaterial <script>alert(1)</script>", data: httpEvidence },
        { kind: "note", label: "peer key", data: `${usedPem}\nraw ${usedB64}` },
        { kind: "http", label: "hostile", data: hostile },
      ],
      requests: requests("/keyMaterial", "POST", claimRequests),
    },
    {
      id: "mimi.handshake.order", title: "commits reach followers in order", profile: "mimi-protocol",
      file: "suites/mimi-protocol/handshake.suite.ts", verdict: "warn", durationMs: 310, retries: 0,
      requirements: ["mimi.handshake.order"], requires: ["mimi.role.hub"], tags: ["fault"],
      checks: [check(req("mimi.handshake.order"), "warn", { expected: "epoch 3 before 4", actual: "epoch 4 first" })],
      evidence: [{ kind: "attempts", label: "notify order", data: "1: epoch 4\n2: epoch 3" }],
      requests: requests("/notify", "POST", [[200, 30], [200, 35]]),
    },
    {
      id: "mimi.franking.sign", title: "the hub signs franking tags", profile: "mimi-protocol",
      file: "suites/mimi-protocol/franking.suite.ts", verdict: "flaky", durationMs: 120, retries: 1,
      requirements: ["mimi.franking.signature"], requires: ["mimi.feature.franking"],
      checks: [check(req("mimi.franking.signature"), "pass")], evidence: [],
    },
    {
      id: "mimi.transport.mtls", title: "the hub refuses a client without a certificate", profile: "mimi-protocol",
      file: "suites/mimi-protocol/transport.suite.ts", verdict: "error", durationMs: 5003, retries: 0,
      requirements: ["mimi.transport.mtls"],
      error: { code: "E_TARGET_UNREACHABLE", message: "connect ECONNREFUSED 127.0.0.1:8443" },
      checks: [], evidence: [{ kind: "note", label: "connect", data: "ECONNREFUSED" }],
    },
    {
      id: "mimi.transport.load", title: "the hub answers 200 requests in parallel", profile: "mimi-protocol",
      file: "suites/mimi-protocol/transport.suite.ts", verdict: "pass", durationMs: 1800, retries: 0,
      requirements: ["mimi.transport.load"], tags: ["load"],
      checks: [check(req("mimi.transport.load"), "pass")], evidence: [],
      requests: requests("/directory", "GET", loadRequests),
    },
  ]
}

export function fixtureReport(variant: "current" | "previous" = "current"): RunReport {
  const current = variant === "current"
  const notify = current ? "/v2/notify" : "/notify"
  return buildReport({
    suite: { name: "e2ee-conformance", version: "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567" },
    run: {
      id: current ? "20260301T120000000Z-42" : "20260228T120000000Z-41",
      startedAt: current ? "2026-03-01T12:00:00.000Z" : "2026-02-28T12:00:00.000Z",
      finishedAt: current ? "2026-03-01T12:00:09.000Z" : "2026-02-28T12:00:08.000Z",
      durationMs: current ? 9000 : 8000,
      clock: "2026-03-01T12:00:00.000Z",
      retries: 1,
    },
    target: {
      name: "example-provider", kind: "mimi-provider", version: current ? "2.3.1" : "2.3.0",
      configHash: "c0ffee0000000000000000000000000000000000000000000000000000000000",
      faults: [],
      directory: {
        url: "https://hub.example/.well-known/mimi-protocol-directory",
        versions: current ? ["mimi-protocol-06"] : ["mimi-protocol-05", "mimi-protocol-06"],
        endpoints: { keyMaterial: "https://hub.example/keyMaterial", notify: `https://hub.example${notify}` },
        document: `{"keyMaterial":"/keyMaterial","notify":"${notify}"}`,
      },
    },
    profiles: ["rfc9420", "mimi-protocol"],
    capabilities: ["mls.cipher-suite.1", "mimi.role.hub", "mimi.feature.franking"],
    scenarios: scenarios(variant),
    errors: [],
  })
}

export function withObserved(report: RunReport): RunReport {
  const capabilities = ["mls.cipher-suite.1", "mimi.role.hub", "mimi.feature.reporting"]
  return { ...report, observed: { capabilities, versions: ["mimi-protocol-06"] } }
}

const point = (day: number, n: number, exitCode: 0 | 1 | 2, summary: HistoryPoint["summary"]): HistoryPoint =>
  ({ runId: `202602${day}T120000000Z-${n}`, startedAt: `2026-02-${day}T12:00:00.000Z`, exitCode, summary })

export const fixtureHistory: HistoryPoint[] = [
  point(26, 39, 0, { pass: 6, unsupported: 1 }),
  point(27, 40, 1, { pass: 4, fail: 2, unsupported: 1 }),
  point(28, 41, 2, { pass: 3, warn: 1, flaky: 1, error: 1, unsupported: 1 }),
]
