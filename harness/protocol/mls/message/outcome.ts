/** A typed verdict of the oracle: the value, or the RFC 9420 rule that failed and why. Never a throw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; rule: string; detail: string }

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value })
export const fail = (rule: string, detail: string): { ok: false; rule: string; detail: string } =>
  ({ ok: false, rule, detail })
