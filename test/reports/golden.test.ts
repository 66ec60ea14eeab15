import { readFileSync } from "node:fs"
import { Ajv2020 } from "ajv/dist/2020.js"
import { describe, expect, it } from "vitest"
import { renderAllure } from "../../reports/allure.ts"
import { renderHtml } from "../../reports/html.ts"
import { renderJson } from "../../reports/json.ts"
import { renderJunit } from "../../reports/junit.ts"
import { renderMarkdown } from "../../reports/markdown.ts"
import { renderReliabilityMarkdown } from "../../reports/reliability.ts"
import { renderTransparencyMarkdown } from "../../reports/transparency.ts"
import { applyExpectations } from "../../harness/engine/expectations.ts"
import type { RunReport } from "../../reports/model.ts"
import { prepareReport } from "../../reports/write-all.ts"
import { fixtureRegistry, fixtureReport } from "./fixture.ts"
import { fixtureTrend, matchGolden, preparedFixture } from "./golden.ts"

const schemaFile = new URL("../../reports/schema/report.schema.json", import.meta.url)
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as object

describe("renderers over the fixed fixture (golden files; UPDATE_GOLDEN=1 rewrites them)", () => {
  const report = preparedFixture()
  const trend = fixtureTrend()

  it("report.json", () => matchGolden("report.json", renderJson(report)))
  it("junit.xml", () => matchGolden("junit.xml", renderJunit(report)))
  it("summary.md", () => matchGolden("summary.md", renderMarkdown(report)))
  it("report.html", () => matchGolden("report.html", renderHtml(report, trend)))
  it("transparency.md", () => matchGolden("transparency.md", renderTransparencyMarkdown(report)))
  it("reliability.md", () => matchGolden("reliability.md", renderReliabilityMarkdown(report, trend)))
  it("allure-results", () => {
    const files = renderAllure(report)
    matchGolden("allure-results.txt", files.map((f) => `=== ${f.name}\n${f.content}`).join("\n"))
  })

  it("renderers are pure: same output twice, input untouched", () => {
    const before = JSON.stringify(report)
    const all = (): string[] =>
      [renderHtml(report, trend), renderReliabilityMarkdown(report, trend), JSON.stringify(renderAllure(report))]
    const once = all()
    const twice = all()
    expect(twice).toEqual(once)
    expect(JSON.stringify(report)).toBe(before)
  })
})

interface Schema {
  $ref?: string
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
  items?: Schema
}

const defs = (schema as { $defs: Record<string, Schema> }).$defs
const resolve = (s: Schema): Schema => (s.$ref === undefined ? s : resolve(defs[s.$ref.replace("#/$defs/", "")] ?? {}))
// Verdict counts are partial by design: their keys are the verdict enum, not model fields.
const leaf = (s: Schema): boolean => s.$ref === "#/$defs/verdictCounts"

function declared(s: Schema = schema as Schema, path = "", out = new Set<string>()): Set<string> {
  if (leaf(s)) return out
  const r = resolve(s)
  for (const [k, sub] of Object.entries(r.properties ?? {})) {
    out.add(`${path}.${k}`)
    declared(sub, `${path}.${k}`, out)
  }
  if (typeof r.additionalProperties === "object") declared(r.additionalProperties, `${path}.*`, out)
  if (r.items !== undefined) declared(r.items, `${path}[]`, out)
  return out
}

function visited(value: unknown, s: Schema = schema as Schema, path = "", out = new Set<string>()): Set<string> {
  if (leaf(s) || value === null || typeof value !== "object") return out
  const r = resolve(s)
  if (Array.isArray(value)) {
    for (const v of value) if (r.items !== undefined) visited(v, r.items, `${path}[]`, out)
    return out
  }
  for (const [k, v] of Object.entries(value)) {
    const sub = r.properties?.[k]
    const extra = typeof r.additionalProperties === "object" ? r.additionalProperties : undefined
    if (sub !== undefined) out.add(`${path}.${k}`)
    if (sub !== undefined) visited(v, sub, `${path}.${k}`, out)
    else if (extra !== undefined) visited(v, extra, `${path}.*`, out)
  }
  return out
}

/** The fixture with every optional field of the model set somewhere. */
function maximal(): RunReport {
  const base = prepareReport(preparedFixture(), { registry: fixtureRegistry, audit: {} })
  const entry = { requirement: "mimi.key-material.single-use", reason: "r", expires: "2026-12-31" }
  const narrow = { ...entry, scenario: "mimi.key-material.claim", variant: "x" }
  const used = applyExpectations(base, [narrow, entry], base.run.clock)
  const errors = [{ code: "E_SCENARIO_LOAD", message: "m", file: "suites/x.suite.ts" }]
  return { ...used, run: { ...used.run, shard: "1/2" }, errors }
}

describe("report.schema.json", () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

  it("accepts the fixture with every optional field filled, and declares no field the model lacks", () => {
    const report = JSON.parse(renderJson(maximal())) as unknown
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    // Every property the schema declares is present somewhere in the maximal report.
    expect([...visited(report)].sort()).toEqual([...declared()].sort())
  })

  it("accepts a plain report and one with expectations", () => {
    expect(validate(JSON.parse(renderJson(fixtureReport()))), JSON.stringify(validate.errors)).toBe(true)
    const use = { requirement: "a.b.c", reason: "r", expires: "2026-12-31", outcome: "stale", scenarios: [] }
    const withUse = { ...fixtureReport(), expectations: [use] }
    expect(validate(withUse), JSON.stringify(validate.errors)).toBe(true)
  })

  it("rejects unknown fields, bad verdicts and missing fields", () => {
    type Loose = Record<string, unknown> & { scenarios: Array<Record<string, unknown>> }
    const base = JSON.parse(renderJson(fixtureReport())) as Loose
    expect(validate({ ...base, extra: 1 })).toBe(false)
    expect(validate({ ...base, scenarios: [{ ...base.scenarios[0], verdict: "passed" }] })).toBe(false)
    const { exit: _exit, ...noExit } = base
    expect(validate(noExit)).toBe(false)
    const noMs = [{ endpoint: "x", method: "GET", status: 200 }]
    expect(validate({ ...base, scenarios: [{ ...base.scenarios[0], requests: noMs }] })).toBe(false)
  })
})
