import { worst, type Verdict } from "../../harness/engine/verdict.ts"
import type { CheckRecordOut, RequirementStatus, RunReport, ScenarioResult } from "../model.ts"
import { compareSections } from "../transparency.ts"
import { code, e, linkTo, pill } from "./markup.ts"
import { cssName } from "./style.ts"

interface Seen {
  check: CheckRecordOut
  profile: string
  verdicts: Verdict[]
  scenarios: Set<string>
}

/** The requirements to show: the transparency list when present (with untested ones), else those checked. */
export function requirementList(report: RunReport): RequirementStatus[] {
  if (report.transparency !== undefined) return report.transparency.requirements
  const byId = new Map<string, Seen>()
  for (const s of report.scenarios) {
    for (const c of s.checks) {
      const entry = byId.get(c.id) ?? { check: c, profile: s.profile, verdicts: [], scenarios: new Set<string>() }
      entry.verdicts.push(c.verdict)
      entry.scenarios.add(s.id)
      byId.set(c.id, entry)
    }
  }
  return [...byId.values()]
    .map(({ check: c, profile, verdicts, scenarios }) => ({
      id: c.id,
      profile,
      doc: c.doc,
      section: c.section,
      level: c.level,
      link: c.link,
      text: "",
      verdict: worst(verdicts),
      scenarios: [...scenarios].sort(),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
}

export const areaOf = (id: string): string => id.split(".")[1] ?? ""

/** Stable, HTML-safe anchor for a scenario: its position in ID order. */
export function scenarioAnchors(report: RunReport): Map<string, string> {
  const ids = [...new Set(report.scenarios.map((s) => s.id))].sort()
  return new Map(ids.map((id, i) => [id, `scn-${i + 1}`]))
}

/** The requirement table, grouped by spec document and section, one filterable row per requirement. */
export function requirementTable(report: RunReport, anchors: Map<string, string>): string {
  const list = requirementList(report)
  if (list.length === 0) return `<p class="muted">No requirement was exercised.</p>`
  const docs = [...new Set(list.map((r) => r.doc))].sort()
  return docs.map((doc) => {
    const mine = list.filter((r) => r.doc === doc)
    const sections = [...new Set(mine.map((r) => r.section))].sort(compareSections)
    const groups = sections.map((section) => {
      const rows = mine.filter((r) => r.section === section).map((r) => requirementRow(r, report, anchors))
      const link = mine.find((r) => r.section === section)?.link ?? ""
      const th = `<tr class="group"><th colspan="5">${linkTo(link, `§${section}`)}</th></tr>`
      return `<tbody data-group>${th}${rows.join("")}</tbody>`
    })
    const head = ["verdict", "requirement", "level", "scenarios", "checks"].map((h) => `<th>${h}</th>`).join("")
    return `<h3>${e(doc)}</h3><table class="reqs"><thead><tr>${head}</tr></thead>${groups.join("")}</table>`
  }).join("\n")
}

function requirementRow(r: RequirementStatus, report: RunReport, anchors: Map<string, string>): string {
  const checks = report.scenarios.flatMap((s) => s.checks.filter((c) => c.id === r.id).map((c) => ({ s, c })))
  const search = `${r.id} ${r.text} ${r.scenarios.join(" ")}`.toLowerCase()
  const links = r.scenarios.map((id) => `<a href="#${anchors.get(id) ?? ""}">${e(id)}</a>`)
  // Vector-driven requirements can have hundreds of scenarios: show a few, fold the rest.
  const scenarios = links.length <= 5
    ? links.join("<br>")
    : `${links.slice(0, 4).join("<br>")}<details><summary>${links.length - 4} more</summary>` +
      `${links.slice(4).join("<br>")}</details>`
  const summary = `${checks.length} check${checks.length === 1 ? "" : "s"}`
  const details = checks.length === 0
    ? `<span class="muted">none</span>`
    : `<details><summary>${summary}</summary>${checks.map(({ s, c }) => checkBlock(c, s, anchors)).join("")}</details>`
  const attrs = `data-filter="requirement" data-verdict="${e(r.verdict)}" data-profile="${e(r.profile)}" ` +
    `data-area="${e(areaOf(r.id))}" data-level="${e(r.level)}" data-search="${e(search)}"`
  const text = r.text === "" ? "" : `<div class="muted">${e(r.text)}</div>`
  return `<tr ${attrs}><td>${pill(r.verdict)}</td><td>${code(r.id)}${text}</td><td>${e(r.level)}</td>` +
    `<td>${scenarios || `<span class="muted">—</span>`}</td><td>${details}</td></tr>`
}

/** One check: verdict, expected, actual, hint, spec link, and where its evidence is. */
export function checkBlock(c: CheckRecordOut, s: ScenarioResult, anchors: Map<string, string>): string {
  const rows: string[] = [`<dt>scenario</dt><dd><a href="#${anchors.get(s.id) ?? ""}">${e(s.id)}</a></dd>`]
  rows.push(`<dt>spec</dt><dd>${linkTo(c.link, `${c.doc} §${c.section}`)} (${e(c.level)})</dd>`)
  if (c.expected !== undefined) rows.push(`<dt>expected</dt><dd><pre>${e(c.expected)}</pre></dd>`)
  if (c.actual !== undefined) rows.push(`<dt>actual</dt><dd><pre>${e(c.actual)}</pre></dd>`)
  if (c.hint !== undefined) rows.push(`<dt>hint</dt><dd>${e(c.hint)}</dd>`)
  const dev = c.knownDeviation
  if (dev !== undefined) {
    const text = `known deviation until ${e(dev.expires)}: ${e(dev.reason)}`
    rows.push(`<dt>deviation</dt><dd><span class="dev">${text}</span></dd>`)
  }
  const dl = `<dl class="kv">${rows.join("")}</dl>`
  return `<div class="check c-${cssName(c.verdict)}">${pill(c.verdict)} ${code(c.id)}${dl}</div>`
}
