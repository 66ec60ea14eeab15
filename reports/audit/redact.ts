import type { Redaction, RunReport, ScenarioResult } from "../model.ts"

/**
 * Removes private keys and secrets from what a report shows: PEM private keys, credential headers,
 * fields named like secrets, and the exact bytes of keys the run is known to have used (as hex or
 * base64). Deterministic: the same report gives the same output and the same list of redactions.
 * The list records where and how long, never the value.
 */
export function redactReport(report: RunReport, secrets: readonly Uint8Array[] = []): RunReport {
  const known = knownForms(secrets)
  const redactions: Redaction[] = [...(report.redactions ?? [])]
  const scenarios = report.scenarios.map((s): ScenarioResult => {
    const clean = (field: string, text: string): string =>
      redactText(text, known, (kind, length) => redactions.push({ scenario: s.id, field, kind, length }))
    const out: ScenarioResult = {
      ...s,
      checks: s.checks.map((c, i) => ({
        ...c,
        ...(c.expected === undefined ? {} : { expected: clean(`checks[${i}].expected`, c.expected) }),
        ...(c.actual === undefined ? {} : { actual: clean(`checks[${i}].actual`, c.actual) }),
        ...(c.hint === undefined ? {} : { hint: clean(`checks[${i}].hint`, c.hint) }),
      })),
      evidence: s.evidence.map((ev, i) => ({ ...ev, data: clean(`evidence[${i}]`, ev.data) })),
    }
    if (s.note !== undefined) out.note = clean("note", s.note)
    if (s.error !== undefined) out.error = { ...s.error, message: clean("error.message", s.error.message) }
    return out
  })
  return { ...report, scenarios, redactions }
}

const PEM = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g
const HEADER = /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*:\s*["']?)([^\r\n"']+)/gi
const SECRET_WORDS = "private[_-]?key|secret|password|passphrase|signature[_-]?priv|priv[_-]?key|_priv|token"
const FIELD_NAME = `[A-Za-z0-9_-]*(?:${SECRET_WORDS})[A-Za-z0-9_-]*`
const VALUE = `"(?:[^"\\\\\\n]|\\\\.)*"|'[^'\\n]*'|[A-Za-z0-9+/=_.-]{8,}`
const FIELD = new RegExp(`(["']?${FIELD_NAME}["']?\\s*[:=]\\s*)(${VALUE})`, "gi")
const MARK = /^["']?\[REDACTED /

type Note = (kind: Redaction["kind"], length: number) => void

/** Redacts one text; calls `note` once per removed value, in order of the passes. */
export function redactText(text: string, known: readonly string[], note: Note): string {
  let out = text.replace(PEM, (m, label: string) => {
    note("private-key-pem", m.length)
    return `[REDACTED ${label}]`
  })
  out = out.replace(HEADER, (m, name: string, sep: string, value: string) => {
    if (MARK.test(value)) return m
    note("authorization", value.length)
    return `${name}${sep}[REDACTED credential]`
  })
  out = out.replace(FIELD, (m, head: string, value: string) => {
    if (MARK.test(value)) return m
    note("secret-field", value.length)
    const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : ""
    return `${head}${quote}[REDACTED secret]${quote}`
  })
  for (const form of known) {
    if (!out.includes(form)) continue
    out = out.split(form).map((part, i) => {
      if (i > 0) note("known-secret", form.length)
      return part
    }).join("[REDACTED key]")
  }
  return out
}

/** The printable forms a key may take in evidence: hex (both cases), base64 and base64url. */
export function knownForms(secrets: readonly Uint8Array[]): string[] {
  const forms = new Set<string>()
  for (const s of secrets) {
    if (s.length < 16) continue
    const b = Buffer.from(s)
    const hex = b.toString("hex")
    forms.add(hex)
    forms.add(hex.toUpperCase())
    forms.add(b.toString("base64"))
    forms.add(b.toString("base64").replace(/=+$/, ""))
    forms.add(b.toString("base64url"))
  }
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
}
