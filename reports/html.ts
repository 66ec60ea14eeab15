import { verdicts } from "../harness/engine/verdict.ts"
import { code, e, pill } from "./html/markup.ts"
import { auditPanel, errorsPanel, expectationsPanel, transparencyPanel } from "./html/panels.ts"
import { reliabilityPanel } from "./html/reliability-panel.ts"
import { areaOf, requirementList, requirementTable, scenarioAnchors } from "./html/requirements.ts"
import { scenarioCards } from "./html/scenarios.ts"
import { colours, css, meanings, script } from "./html/style.ts"
import type { RunReport } from "./model.ts"
import { buildReliability, type TrendInput } from "./reliability.ts"

const exitWords = ["conformant", "not conformant", "run error"] as const
const csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
const intro =
  "Each requirement is a normative statement of a spec (MUST, SHOULD, MAY) with a stable ID. Scenarios drive the " +
  "target and record checks against requirements, with expected and actual values and the evidence transcript. " +
  "A requirement takes the worst verdict of its checks."

/**
 * The report as one self-contained HTML page: inline CSS, JS and SVG, and a Content-Security-Policy
 * that forbids every fetch, so it works offline and a hostile target's evidence cannot reach out.
 * Pure: the history of earlier runs comes in as data.
 */
export function renderHtml(report: RunReport, trend: TrendInput = {}): string {
  const anchors = scenarioAnchors(report)
  const { run, exit, summary } = report
  const current = { runId: run.id, startedAt: run.startedAt, exitCode: exit.code, summary }
  const keys = Object.keys(colours) as Array<keyof typeof colours>
  const legend = keys.map((v) => `<div>${pill(v)} ${e(meanings[v])}</div>`)
  const body = [
    header(report),
    `<main>`,
    nav(report),
    errorsPanel(report),
    `<h2 id="legend">How to read this report</h2>`,
    `<p>${e(intro)}</p>`,
    `<div class="legend">${legend.join("")}</div>`,
    filters(report),
    `<h2 id="requirements">Requirements (<span id="shown">${requirementList(report).length}</span> shown)</h2>`,
    requirementTable(report, anchors),
    `<h2 id="scenarios">Scenarios</h2>`,
    scenarioCards(report, anchors),
    `<h2 id="transparency">Transparency</h2>`,
    transparencyPanel(report),
    `<h2 id="reliability">Reliability</h2>`,
    reliabilityPanel(buildReliability(report, trend), current),
    `<h2 id="expectations">Expectations (known deviations)</h2>`,
    expectationsPanel(report),
    auditPanel(report),
    `</main>`,
  ]
  return [
    `<!doctype html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${e(`Conformance: ${report.target.name} — ${exitWords[report.exit.code]}`)}</title>`,
    `<style>${css}</style></head>`,
    `<body>`,
    ...body,
    `<script>${script}</script>`,
    `</body></html>`,
    "",
  ].join("\n")
}

function nav(report: RunReport): string {
  const ids = ["legend", "requirements", "scenarios", "transparency", "reliability", "expectations"]
  if (report.audit !== undefined) ids.push("audit")
  return `<nav>${ids.map((id) => `<a href="#${id}">${id[0]?.toUpperCase()}${id.slice(1)}</a>`).join("")}</nav>`
}

function header(report: RunReport): string {
  const t = report.target
  const n = report.summary
  const counts = verdicts.filter((v) => n[v] > 0).map((v) => `<span>${pill(v)} ${n[v]}</span>`)
  const badge = pill(report.exit.code === 0 ? "pass" : report.exit.code === 1 ? "fail" : "error")
  const version = t.version === undefined ? "" : ` version <b>${e(t.version)}</b>`
  const suite = `suite <b>${e(report.suite.name)} ${e(report.suite.version)}</b> commit ${code(report.suite.commit)}`
  const run = [
    `run ${code(report.run.id)}`,
    `started ${e(report.run.startedAt)}`,
    `${(report.run.durationMs / 1000).toFixed(1)} s`,
    `${report.scenarios.length} scenarios`,
    ...(report.run.shard === undefined ? [] : [`shard ${e(report.run.shard)}`]),
  ]
  return `<header><h1>${e(t.name)} ${badge} ${e(exitWords[report.exit.code])}</h1>` +
    `<div class="meta"><span>target <b>${e(t.kind)}</b>${version}</span><span>${suite}</span>` +
    `<span>profiles <b>${e(report.profiles.join(", "))}</b></span></div>` +
    `<div class="meta">${run.map((x) => `<span>${x}</span>`).join("")}</div>` +
    `<div class="counts">${counts.join("")}</div>` +
    `<p class="exit exit-${report.exit.code}">Exit ${report.exit.code}: ${e(report.exit.reason)}</p></header>`
}

function filters(report: RunReport): string {
  const reqs = requirementList(report)
  const present = new Set<string>([...reqs.map((r) => r.verdict), ...report.scenarios.map((s) => s.verdict)])
  const order = [...verdicts, "untested"].filter((v) => present.has(v))
  const profiles = [...new Set([...reqs.map((r) => r.profile), ...report.scenarios.map((s) => s.profile)])].sort()
  const ids = [...reqs.map((r) => r.id), ...report.scenarios.flatMap((s) => s.requirements)]
  const areas = [...new Set(ids.map(areaOf))].sort()
  const select = (name: string, options: string[]): string =>
    `<label>${name}<select name="${name}" aria-label="${name}"><option value="">all</option>` +
    `${options.map((o) => `<option value="${e(o)}">${e(o)}</option>`).join("")}</select></label>`
  return `<form id="filters" class="filters" role="search">` +
    select("verdict", order) + select("profile", profiles) + select("area", areas) +
    select("level", ["MUST", "SHOULD", "MAY"]) +
    `<label>search<input name="q" type="search" placeholder="requirement ID, scenario, text" aria-label="search">` +
    `</label></form>`
}
