/**
 * Findings: the pure result of comparing what was observed with what a rule demands. Matchers know
 * nothing of vitest or of requirements, so `eventually()` can call them repeatedly, and `check()`
 * turns one into a recorded verdict.
 */
export type Finding = { ok: true; actual?: string } | { ok: false; expected: string; actual: string; hint?: string }

export const okFinding: Finding = { ok: true }

export function showHex(bytes: Uint8Array, max = 64): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")
  const shown = hex.length > max * 2 ? `${hex.slice(0, max * 2)}…` : hex
  return `${shown} (${bytes.byteLength} bytes)`
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0
}

export function bytesEqual(actual: Uint8Array, expected: Uint8Array, hint?: string): Finding {
  if (equalBytes(actual, expected)) return { ok: true, actual: showHex(actual) }
  const first = firstDifference(actual, expected)
  return {
    ok: false,
    expected: showHex(expected),
    actual: showHex(actual),
    hint: hint ?? `first difference at byte ${first}`,
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return n
}

export function valueEqual<T>(actual: T, expected: T, hint?: string): Finding {
  const a = printable(actual)
  const e = printable(expected)
  if (a === e) return { ok: true, actual: a }
  return hint === undefined ? { ok: false, expected: e, actual: a } : { ok: false, expected: e, actual: a, hint }
}

export function isTrue(condition: boolean, expected: string, actual: string, hint?: string): Finding {
  if (condition) return { ok: true, actual }
  return hint === undefined ? { ok: false, expected, actual } : { ok: false, expected, actual, hint }
}

/** Values in the printable form reports show: hex with length for bytes, JSON otherwise. */
export function printable(value: unknown): string {
  if (value instanceof Uint8Array) return showHex(value)
  if (typeof value === "string") return value
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? showHex(v) : v,
  ) ?? String(value)
}
