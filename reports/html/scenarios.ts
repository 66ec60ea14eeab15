import type { RunReport, ScenarioResult } from "../model.ts"
import { code, e, pill } from "./markup.ts"
import { areaOf, checkBlock } from "./requirements.ts"

/** One card per scenario: verdict, checks, and the evidence transcript. Filterable like the table. */
export function scenarioCards(report: RunReport, anchors: Map<string, string>): string {
  const list = [...report.scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  if (list.length === 0) return `<p class="muted">No scenario ran.</p>`
  return list.map((s) => card(s, anchors)).join("\n")
}

function card(s: ScenarioResult, anchors: Map<string, string>): string {
  const ids = [...new Set([...s.requirements, ...s.checks.map((c) => c.id)])]
  const areas = [...new Set(ids.map(areaOf))].join(" ")
  const levels = [...new Set(s.checks.map((c) => c.level))].join(" ")
  const search = `${s.id} ${s.title} ${ids.join(" ")}`.toLowerCase()
  const requires = s.requires ?? []
  const facts = [
    `<span>${code(s.id)}</span>`,
    `<span>file ${code(s.file)}</span>`,
    `<span>${s.durationMs} ms</span>`,
    ...(s.retries > 0 ? [`<span>${s.retries} retr${s.retries === 1 ? "y" : "ies"}</span>`] : []),
    ...(requires.length > 0 ? [`<span>requires ${requires.map(code).join(" ")}</span>`] : []),
  ]
  const parts = [`<h3>${pill(s.verdict)} ${e(s.title)}</h3>`, `<div class="meta">${facts.join("")}</div>`]
  if (s.note !== undefined) parts.push(`<p class="muted">${e(s.note)}</p>`)
  if (s.error !== undefined) parts.push(`<p class="callout">${code(s.error.code)} ${e(s.error.message)}</p>`)
  parts.push(...s.checks.map((c) => checkBlock(c, s, anchors)))
  if (s.evidence.length > 0) {
    const entries = s.evidence.map((ev, i) =>
      `<h4>${i + 1}. ${e(ev.label)} <span class="muted">(${e(ev.kind)})</span></h4><pre>${e(ev.data)}</pre>`)
    const n = s.evidence.length
    const summary = `Evidence transcript (${n} entr${n === 1 ? "y" : "ies"})`
    parts.push(`<details><summary>${summary}</summary>${entries.join("")}</details>`)
  }
  const attrs = `id="${anchors.get(s.id) ?? ""}" data-filter="scenario" data-verdict="${e(s.verdict)}" ` +
    `data-profile="${e(s.profile)}" data-area="${e(areas)}" data-level="${e(levels)}" data-search="${e(search)}"`
  return `<article class="scenario" ${attrs}>${parts.join("\n")}</article>`
}
