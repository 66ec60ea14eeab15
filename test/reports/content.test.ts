import { describe, expect, it } from "vitest"
import { renderAllure } from "../../reports/allure.ts"
import { renderHtml } from "../../reports/html.ts"
import { buildReliability, percentile } from "../../reports/reliability.ts"
import { buildTransparency } from "../../reports/transparency.ts"
import { diffRuns, interfaceChanged, requirementVerdicts } from "../../reports/trend.ts"
import { fixtureRegistry, fixtureReport, withObserved } from "./fixture.ts"
import { fixtureTrend, preparedFixture } from "./golden.ts"

describe("reliability", () => {
  it("nearest-rank percentiles", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([50, 95, 99].map((p) => percentile(hundred, p))).toEqual([50, 95, 99])
    expect(percentile([], 50)).toBe(0)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([1, 2], 50)).toBe(1)
  })

  it("per endpoint latency and error rates; 4xx kept apart", () => {
    const r = buildReliability(fixtureReport())
    const km = r.endpoints.find((e) => e.endpoint === "/keyMaterial")
    expect(km).toMatchObject({ method: "POST", count: 7, errors: 2, rejected: 1, p50: 22, max: 5000 })
    expect(km?.errorRate).toBe(0.2857)
    expect(r.flaky).toEqual(["mimi.franking.sign"])
    expect(r.retries.total).toBe(1)
    expect(r.stress.map((s) => s.id)).toEqual(["mimi.handshake.order", "mimi.transport.load"])
    expect(r.trend).toBeUndefined()
  })
})

describe("transparency", () => {
  const t = buildTransparency(withObserved(fixtureReport()), fixtureRegistry)

  it("counts exercised MUST/SHOULD per section and lists the untested", () => {
    const rfc = t.coverage.find((p) => p.profile === "rfc9420")
    expect(rfc?.sections.map((s) => s.section)).toEqual(["8.7", "12.4", "12.4.2", "12.4.3.1"])
    const untested = rfc?.sections.flatMap((s) => s.untested)
    expect(untested).toEqual(["mls.commit.path-required", "mls.commit.valid-commit-processed"])
    const s53 = t.coverage.find((p) => p.profile === "mimi-protocol")?.sections.find((s) => s.section === "5.3")
    expect(s53?.levels).toEqual([
      { level: "MUST", total: 1, exercised: 1, verdicts: { fail: 1 } },
      { level: "SHOULD", total: 1, exercised: 1, verdicts: { pass: 1 } },
    ])
    expect(t.requirements.find((r) => r.id === "mimi.franking.signature")?.verdict).toBe("flaky")
  })

  it("calls out declared-but-failing and undeclared-but-working capabilities", () => {
    const scenarios = ["mimi.handshake.order", "mimi.key-material.claim"]
    expect(t.capabilities.declaredButFailing).toEqual([{ capability: "mimi.role.hub", scenarios }])
    expect(t.capabilities.undeclaredButWorking).toEqual(["mimi.feature.reporting"])
    expect(t.capabilities.declaredButUnobserved).toEqual(["mimi.feature.franking"])
    expect(buildTransparency(fixtureReport(), fixtureRegistry).capabilities.declaredButUnobserved).toEqual([])
  })

  it("leaves out requirements of profiles the run did not select", () => {
    const only = buildTransparency({ ...fixtureReport(), profiles: ["rfc9420"] }, fixtureRegistry)
    expect(only.requirements.every((r) => r.profile === "rfc9420")).toBe(true)
  })
})

describe("trend", () => {
  it("takes the worst check verdict per requirement, the scenario verdict when no check ran", () => {
    const v = requirementVerdicts(fixtureReport())
    expect(v.get("mls.commit.valid-commit-processed")).toBe("unsupported")
    expect(v.get("mimi.transport.mtls")).toBe("error")
    expect(v.get("mimi.key-material.single-use")).toBe("fail")
  })

  it("reports interface changes", () => {
    const a = fixtureReport("previous")
    const b = { ...fixtureReport(), capabilities: ["mls.cipher-suite.1", "mimi.role.hub", "mimi.feature.reporting"] }
    const d = diffRuns(a, b)
    expect(d.interface.capabilities).toEqual({ added: ["mimi.feature.reporting"], removed: ["mimi.feature.franking"] })
    expect(d.interface.endpoints.moved).toEqual(["notify"])
    expect(interfaceChanged(d)).toBe(true)
    expect(interfaceChanged(diffRuns(a, a))).toBe(false)
  })
})

describe("html", () => {
  const html = renderHtml(preparedFixture(), fixtureTrend())

  it("escapes the target's evidence: no tag or handler from it survives", () => {
    expect(html).not.toContain("<img")
    expect(html).not.toContain("<script>alert")
    expect(html).not.toContain('href="javascript:')
    expect(html.match(/<script>/g)).toHaveLength(1)
    expect(html).toContain("&lt;/pre&gt;&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;")
    expect(html).toContain("default-src 'none'")
  })

  it("shows headline, spec links, evidence and both charts", () => {
    expect(html).toContain("Exit 2: 1 scenario(s) ended in error or timeout")
    expect(html).toContain('href="https://www.ietf.org/archive/id/draft-ietf-mimi-protocol-06.html#section-5.3"')
    expect(html).toContain("two distinct KeyPackageRefs")
    expect(html).toContain('aria-label="Latency per endpoint"')
    expect(html).toContain('aria-label="Verdict counts across recent runs"')
  })
})

describe("allure", () => {
  const files = renderAllure(preparedFixture())
  interface Result {
    name: string
    status: string
    labels: Array<{ name: string; value: string }>
    links: Array<{ url: string }>
    attachments: Array<{ source: string }>
  }
  const results = files.filter((f) => f.name.endsWith("-result.json")).map((f) => JSON.parse(f.content) as Result)

  it("one result per scenario with allure statuses", () => {
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual(["broken", "failed", "passed", "passed", "passed", "passed", "skipped"])
  })

  it("labels from requirement IDs, links from the registry, evidence attached", () => {
    const claim = results.find((r) => r.name.startsWith("a claimed KeyPackage"))
    expect(claim?.labels).toContainEqual({ name: "story", value: "mimi.key-material.single-use" })
    expect(claim?.labels).toContainEqual({ name: "feature", value: "key-material" })
    expect(claim?.labels).toContainEqual({ name: "severity", value: "critical" })
    const url = "https://www.ietf.org/archive/id/draft-ietf-mimi-protocol-06.html#section-5.3"
    expect(claim?.links.map((l) => l.url)).toContain(url)
    const source = claim?.attachments[0]?.source
    expect(files.some((f) => f.name === source)).toBe(true)
  })
})

describe("edge cases", () => {
  it("a run with no scenario and no coverage data renders in every format", () => {
    const empty = { ...fixtureReport(), scenarios: [], summary: { ...fixtureReport().summary, pass: 0 } }
    const html = renderHtml(empty)
    expect(html).toContain("No scenario ran.")
    expect(html).toContain("This report carries no coverage data.")
    expect(html).toContain("No earlier run of this target in the history store.")
    expect(renderAllure(empty).map((f) => f.name)).toEqual(["environment.properties", "categories.json"])
    expect(buildReliability(empty).endpoints).toEqual([])
  })
})
