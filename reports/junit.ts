import { failing, skipped } from "../harness/engine/verdict.ts"
import type { RunReport, ScenarioResult } from "./model.ts"

/**
 * JUnit XML for CI systems. fail/error/timeout are failures or errors; unsupported and n/a are
 * skipped with the reason; warn and info pass, with every check kept as a property.
 */
export function renderJunit(report: RunReport): string {
  const byProfile = new Map<string, ScenarioResult[]>()
  for (const s of report.scenarios) byProfile.set(s.profile, [...(byProfile.get(s.profile) ?? []), s])
  const suites = [...byProfile.entries()].map(([profile, list]) => testsuite(profile, list))
  const totals = counts(report.scenarios)
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${esc(report.suite.name)}" tests="${report.scenarios.length}" failures="${totals.failures}"` +
      ` errors="${totals.errors}" skipped="${totals.skipped}" time="${secs(report.run.durationMs)}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n")
}

function testsuite(profile: string, list: ScenarioResult[]): string {
  const c = counts(list)
  const time = secs(list.reduce((t, s) => t + s.durationMs, 0))
  return [
    `  <testsuite name="${esc(profile)}" tests="${list.length}" failures="${c.failures}" errors="${c.errors}"` +
      ` skipped="${c.skipped}" time="${time}">`,
    ...list.map(testcase),
    `  </testsuite>`,
  ].join("\n")
}

function testcase(s: ScenarioResult): string {
  const props = s.checks.map((c) => `        <property name="${esc(c.id)}" value="${esc(`${c.level} ${c.verdict}`)}"/>`)
  const body: string[] = [`      <properties>`, `        <property name="verdict" value="${s.verdict}"/>`, ...props, `      </properties>`]
  const bad = s.checks.filter((c) => failing.has(c.verdict))
  const known = bad.length > 0 && bad.every((c) => c.knownDeviation !== undefined)
  if (s.verdict === "fail" && known) {
    // Covered by the expectations file: it does not gate the run, so CI must not see a failure.
    const reasons = [...new Set(bad.map((c) => `${c.id}: ${c.knownDeviation?.reason ?? ""} (until ${c.knownDeviation?.expires ?? ""})`))]
    body.push(`      <skipped message="${esc(`known deviation — ${reasons.join("; ")}`)}"/>`)
  } else if (s.verdict === "fail") {
    const text = bad.map((c) => `${c.id} (${c.doc} §${c.section}): expected ${c.expected ?? ""}\n  actual ${c.actual ?? ""}`)
    body.push(`      <failure message="${esc(bad.map((c) => c.id).join(", "))}">${esc(text.join("\n"))}</failure>`)
  } else if (s.verdict === "error" || s.verdict === "timeout") {
    body.push(`      <error type="${s.verdict}" message="${esc(s.error?.message ?? s.verdict)}">${esc(s.error?.code ?? "")}</error>`)
  } else if (skipped.has(s.verdict)) {
    body.push(`      <skipped message="${esc(`${s.verdict}: ${s.note ?? ""}`)}"/>`)
  }
  return [
    `    <testcase classname="${esc(s.file)}" name="${esc(`${s.id} — ${s.title}`)}" time="${secs(s.durationMs)}">`,
    ...body,
    `    </testcase>`,
  ].join("\n")
}

function counts(list: ScenarioResult[]): { failures: number; errors: number; skipped: number } {
  const knownOnly = (s: ScenarioResult): boolean => {
    const bad = s.checks.filter((c) => failing.has(c.verdict))
    return bad.length > 0 && bad.every((c) => c.knownDeviation !== undefined)
  }
  return {
    failures: list.filter((s) => s.verdict === "fail" && !knownOnly(s)).length,
    errors: list.filter((s) => s.verdict === "error" || s.verdict === "timeout").length,
    skipped: list.filter((s) => skipped.has(s.verdict) || (s.verdict === "fail" && knownOnly(s))).length,
  }
}

const secs = (ms: number): string => (ms / 1000).toFixed(3)

function esc(text: string): string {
  // XML 1.0 cannot carry most control characters even escaped: drop them.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}
