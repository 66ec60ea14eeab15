import type { RunReport } from "../model.ts"
import { exercised } from "../transparency.ts"
import { code, codes, e, muted, pill, table } from "./markup.ts"

/** Spec coverage per profile and section, declared versus observed capabilities, the published interface. */
export function transparencyPanel(report: RunReport): string {
  const t = report.transparency
  if (t === undefined) return muted("This report carries no coverage data.")
  const out: string[] = []
  for (const p of t.coverage) {
    const rows = p.sections.flatMap((s) =>
      s.levels.map((l) => {
        const untested = t.requirements
          .filter((r) => r.doc === s.doc && r.section === s.section && r.level === l.level && !exercised(r.verdict))
          .map((r) => r.id)
        const verdicts = Object.entries(l.verdicts).map(([v, n]) => `${pill(v)} ${n}`).join(" ")
        return [e(s.doc), `§${e(s.section)}`, e(l.level), `${l.exercised}/${l.total}`, verdicts || "—", codes(untested)]
      }),
    )
    const head = ["document", "section", "level", "exercised#", "verdicts", "untested"]
    out.push(`<h3>Profile ${e(p.profile)}</h3>`, table(head, rows))
  }
  const c = t.capabilities
  const observed = report.observed === undefined
    ? `<span class="muted">not recorded by this run</span>`
    : codes(c.observed)
  const items = [
    `<li>declared: ${codes(c.declared)}</li>`,
    `<li>observed: ${observed}</li>`,
    ...c.declaredButFailing.map((d) =>
      `<li class="callout">declared but failing: ${code(d.capability)} in ${codes(d.scenarios)}</li>`),
    ...c.declaredButUnobserved.map((d) => `<li class="callout">declared but not observed: ${code(d)}</li>`),
    ...c.undeclaredButWorking.map((d) => `<li class="callout">undeclared but working: ${code(d)}</li>`),
  ]
  out.push(`<h3>Declared versus observed capabilities</h3><ul>${items.join("")}</ul>`, `<h3>Published interface</h3>`)
  const dir = report.target.directory
  if (dir === undefined) return [...out, muted("The run did not fetch a published directory.")].join("\n")
  const endpoints = Object.entries(dir.endpoints ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
  const list = [
    ...(dir.url === undefined ? [] : [`<li>directory: ${code(dir.url)}</li>`]),
    `<li>versions: ${codes(dir.versions ?? [])}</li>`,
    ...endpoints.map(([k, v]) => `<li>${code(k)}: ${code(v)}</li>`),
  ]
  out.push(`<ul>${list.join("")}</ul>`)
  if (dir.document !== undefined) {
    out.push(`<details><summary>Directory document as fetched</summary><pre>${e(dir.document)}</pre></details>`)
  }
  return out.join("\n")
}

export function expectationsPanel(report: RunReport): string {
  const list = report.expectations ?? []
  if (list.length === 0) return muted("The run used no expectations file.")
  const rows = list.map((x) => [
    code(x.requirement),
    `${x.scenario === undefined ? "any" : code(x.scenario)}${x.variant === undefined ? "" : ` [${e(x.variant)}]`}`,
    e(x.reason),
    e(x.expires),
    `<b>${e(x.outcome)}</b>`,
    codes(x.scenarios),
  ])
  return table(["requirement", "scenario", "reason", "expires", "outcome", "matched"], rows)
}

export function auditPanel(report: RunReport): string {
  const a = report.audit
  const list = report.redactions ?? []
  if (a === undefined && list.length === 0) return ""
  const head = a === undefined ? "" : `<h2 id="audit">Audit</h2>` +
    `<ul><li>suite commit ${code(report.suite.commit)}</li>` +
    `<li>config sha256 ${code(a.configHash)}</li><li>vectors manifest sha256 ${code(a.vectors.manifestSha256)} ` +
    `(${Object.keys(a.vectors.files).length} files)</li></ul>`
  const items = list.map((r) => `<li>${code(r.scenario)} ${code(r.field)}: ${e(r.kind)}, ${r.length} characters</li>`)
  return `${head}<h3 id="redactions">Redactions (${list.length})</h3>` +
    muted("Values removed from checks and evidence before writing; the values themselves are not recorded.") +
    (items.length === 0 ? "" : `<ul>${items.join("")}</ul>`)
}

export function errorsPanel(report: RunReport): string {
  if (report.errors.length === 0) return ""
  const items = report.errors.map((x) =>
    `<li>${code(x.code)} ${x.file === undefined ? "" : code(x.file)} ${e(x.message)}</li>`)
  return `<h2 id="errors">Harness errors</h2>` +
    `<p class="callout">The run itself had trouble: its verdicts may be incomplete.</p>` +
    `<ul>${items.join("")}</ul>`
}
