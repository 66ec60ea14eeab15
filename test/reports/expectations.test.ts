import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import {
  applyExpectations,
  loadExpectations,
  refuseExpectationsInAudit,
  type Expectation,
} from "../../harness/engine/expectations.ts"
import { HarnessError } from "../../harness/engine/errors.ts"
import { buildReport } from "../../reports/build.ts"
import type { RunReport } from "../../reports/model.ts"
import { fixtureRegistry, fixtureReport } from "./fixture.ts"

/** The fixture without its harness-error scenario, so the exit code turns on the expectations. */
function runOf(variant: "current" | "previous"): RunReport {
  const r = fixtureReport(variant)
  return buildReport({ ...r, scenarios: r.scenarios.filter((s) => s.verdict !== "error") })
}

const singleUse: Expectation = {
  requirement: "mimi.key-material.single-use",
  reason: "fixed in 2.4",
  expires: "2026-12-31",
}
const now = "2026-03-01T12:00:00.000Z"

describe("applyExpectations", () => {
  it("without expectations the failing run exits 1", () => {
    expect(runOf("current").exit.code).toBe(1)
  })

  it("an expected failure does not fail the run (exit 0), and the verdict stays fail", () => {
    const out = applyExpectations(runOf("current"), [singleUse], now)
    expect(out.exit.code).toBe(0)
    expect(out.exit.reason).toContain("1 known deviation")
    const claim = out.scenarios.find((s) => s.id === "mimi.key-material.claim")
    expect(claim?.verdict).toBe("fail")
    expect(claim?.checks[0]?.knownDeviation).toEqual({ reason: "fixed in 2.4", expires: "2026-12-31" })
    expect(out.summary.fail).toBe(1)
    const used = { ...singleUse, outcome: "expected-failure", scenarios: ["mimi.key-material.claim"] }
    expect(out.expectations).toEqual([used])
  })

  it("an unexpected pass is a stale expectation (exit 1)", () => {
    const out = applyExpectations(runOf("previous"), [singleUse], now)
    expect(out.exit.code).toBe(1)
    expect(out.exit.reason).toContain("stale")
    expect(out.expectations?.[0]?.outcome).toBe("stale")
  })

  it("an expired entry is an error (exit 2) and covers nothing", () => {
    const out = applyExpectations(runOf("current"), [singleUse], "2027-01-01T00:00:00.000Z")
    expect(out.exit.code).toBe(2)
    expect(out.exit.reason).toContain("expired")
    expect(out.expectations?.[0]?.outcome).toBe("expired")
    expect(out.scenarios.find((s) => s.id === "mimi.key-material.claim")?.checks[0]?.knownDeviation).toBeUndefined()
  })

  it("the expiry date is the last valid day", () => {
    expect(applyExpectations(runOf("current"), [singleUse], "2026-12-31T23:59:59.000Z").exit.code).toBe(0)
  })

  it("a failure the file does not cover still fails the run", () => {
    const other: Expectation = { requirement: "mimi.handshake.order", reason: "SHOULD, known", expires: "2026-12-31" }
    const out = applyExpectations(runOf("current"), [other], now)
    expect(out.exit.code).toBe(1)
    expect(out.expectations?.[0]?.outcome).toBe("expected-failure")
  })

  it("matches scenario and variant, and lists entries that matched nothing", () => {
    const exact: Expectation = {
      requirement: "mls.welcome.join-succeeds",
      scenario: "mls.passive.welcome",
      variant: "cs=1 #0",
      reason: "r",
      expires: "2026-12-31",
    }
    const otherVariant: Expectation = { ...exact, variant: "cs=2 #0" }
    const otherScenario: Expectation = { ...singleUse, scenario: "mimi.key-material.other" }
    const out = applyExpectations(runOf("current"), [exact, otherVariant, otherScenario], now)
    expect(out.expectations?.map((u) => u.outcome)).toEqual(["stale", "unmatched", "unmatched"])
    expect(out.exit.code).toBe(1)
  })

  it("does not touch the input report", () => {
    const input = runOf("current")
    const before = JSON.stringify(input)
    applyExpectations(input, [singleUse], now)
    expect(JSON.stringify(input)).toBe(before)
  })
})

describe("loadExpectations", () => {
  const dir = mkdtempSync(join(tmpdir(), "expectations-"))
  const known = (id: string): boolean => fixtureRegistry.some((r) => r.id === id)
  const write = (name: string, data: unknown): string => {
    const file = join(dir, name)
    writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data))
    return file
  }
  const failure = (file: string): HarnessError => {
    try {
      loadExpectations(file, known)
    } catch (e) {
      if (e instanceof HarnessError) return e
      throw e
    }
    throw new Error("loadExpectations accepted a bad file")
  }

  it("reads a valid file", () => {
    expect(loadExpectations(write("ok.json", { expectations: [singleUse] }), known)).toEqual([singleUse])
  })

  it("checks the live registry by default", () => {
    const file = write("live.json", { expectations: [{ ...singleUse, requirement: "mls.welcome.join-succeeds" }] })
    expect(loadExpectations(file)).toHaveLength(1)
  })

  it("rejects bad files with a pointer to the field", () => {
    expect(failure(write("json.json", "{"))).toMatchObject({ code: "E_CONFIG_INVALID" })
    expect(failure(write("shape.json", { nope: [] }))).toMatchObject({ where: "/expectations" })
    const one = (name: string, entry: object): HarnessError => failure(write(name, { expectations: [entry] }))
    expect(one("field.json", { ...singleUse, why: "x" })).toMatchObject({ where: "/expectations/0" })
    const at = (field: string): object => ({ where: `/expectations/0/${field}` })
    expect(one("id.json", { ...singleUse, requirement: "mimi.no.such" })).toMatchObject(at("requirement"))
    expect(one("date.json", { ...singleUse, expires: "31.12.2026" })).toMatchObject(at("expires"))
    expect(one("reason.json", { ...singleUse, reason: "" })).toMatchObject({ where: "/expectations/0/reason" })
  })

  it("audit mode refuses an expectations file", () => {
    expect(() => refuseExpectationsInAudit(true, "known.json")).toThrow(HarnessError)
    expect(() => refuseExpectationsInAudit(true, undefined)).not.toThrow()
    expect(() => refuseExpectationsInAudit(false, "known.json")).not.toThrow()
  })
})
