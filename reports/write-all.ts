import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Requirement } from "../harness/requirements/define.ts"
import { allRequirements } from "../harness/requirements/index.ts"
import { defaultVectorsDir } from "../harness/vectors/load.ts"
import { renderAllure } from "./allure.ts"
import { writeBundle } from "./audit/bundle.ts"
import { vectorHashes } from "./audit/manifest.ts"
import { redactReport } from "./audit/redact.ts"
import { generateSigningKey } from "./audit/sign.ts"
import { renderHtml } from "./html.ts"
import { renderJson } from "./json.ts"
import { renderJunit } from "./junit.ts"
import { renderMarkdown } from "./markdown.ts"
import type { RunReport } from "./model.ts"
import { renderReliabilityMarkdown, type TrendInput } from "./reliability.ts"
import { buildTransparency, renderTransparencyMarkdown } from "./transparency.ts"

export interface WriteOptions {
  /** Audit mode: record vector hashes and write a signed `bundle/`. Without a key, a fresh one signs. */
  audit?: { privateKey?: Uint8Array; vectorsDir?: string }
  /** Earlier runs of the same target, for the trend (see harness/store `trendFor`). */
  trend?: TrendInput
  /** Keys the run used: removed wherever they appear (PEM keys and secret fields are always removed). */
  secrets?: readonly Uint8Array[]
  /** The requirement registry for coverage; default: the suite's own. */
  registry?: readonly Requirement[]
}

/**
 * The report as written: redacted, with coverage, and in audit mode with the hashes it rests on.
 * Idempotent, so the CLI can record exactly this in the history store.
 */
export function prepareReport(report: RunReport, options: WriteOptions = {}): RunReport {
  const redacted = redactReport(report, options.secrets ?? [])
  const withCoverage = redacted.transparency !== undefined
    ? redacted
    : { ...redacted, transparency: buildTransparency(redacted, options.registry ?? allRequirements()) }
  if (options.audit === undefined || withCoverage.audit !== undefined) return withCoverage
  return {
    ...withCoverage,
    audit: {
      configHash: report.target.configHash,
      vectors: vectorHashes(options.audit.vectorsDir ?? defaultVectorsDir),
    },
  }
}

/**
 * Writes every report into `outDir`: report.json, junit.xml, summary.md, report.html,
 * transparency.md, reliability.md, allure-results/, and in audit mode a signed bundle/.
 * Returns the paths written.
 */
export async function writeAllReports(
  outDir: string,
  report: RunReport,
  options: WriteOptions = {},
): Promise<string[]> {
  const final = prepareReport(report, options)
  const trend = options.trend ?? {}
  const reports = [
    { path: "report.json", content: renderJson(final) },
    { path: "junit.xml", content: renderJunit(final) },
    { path: "summary.md", content: renderMarkdown(final) },
    { path: "report.html", content: renderHtml(final, trend) },
    { path: "transparency.md", content: renderTransparencyMarkdown(final) },
    { path: "reliability.md", content: renderReliabilityMarkdown(final, trend) },
  ]
  mkdirSync(outDir, { recursive: true })
  const written: string[] = []
  for (const f of reports) {
    writeFileSync(join(outDir, f.path), f.content)
    written.push(join(outDir, f.path))
  }
  const allureDir = join(outDir, "allure-results")
  rmSync(allureDir, { recursive: true, force: true })
  mkdirSync(allureDir, { recursive: true })
  for (const f of renderAllure(final)) {
    writeFileSync(join(allureDir, f.name), f.content)
    written.push(join(allureDir, f.name))
  }
  if (options.audit !== undefined && final.audit !== undefined) {
    const key = options.audit.privateKey ?? generateSigningKey().privateKey
    const bundleDir = join(outDir, "bundle")
    const redactions = { path: "redactions.json", content: `${JSON.stringify(final.redactions ?? [], null, 2)}\n` }
    const inBundle = writeBundle(bundleDir, final, final.audit, [...reports, redactions], key)
    written.push(...inBundle.map((p) => join(bundleDir, p)))
  }
  return written
}
