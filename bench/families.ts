/** What both sides of the oracle-vectors bench share: the family list and the per-family tally. */

/** The 16 official MLS WG vector files, named after their files. */
export const FAMILIES = [
  "tree-math", "crypto-basics", "key-schedule", "secret-tree", "message-protection", "welcome", "treekem",
  "tree-validation", "tree-operations", "messages", "deserialization", "psk_secret", "transcript-hashes",
  "passive-client-handling-commit", "passive-client-random", "passive-client-welcome",
] as const

export type Family = (typeof FAMILIES)[number]

// Vector cases are JSON in the shapes of the MLS WG test-vectors format; each runner reads the fields it needs.
export type VectorCase = Record<string, any>

/** Cases a runner went through and the ones that did not match the vector (case ID: what differed). */
export class Tally {
  cases = 0
  readonly failed: string[] = []

  /** Counts one case; `checks` are [what, passed] pairs, the first failing one is recorded. */
  case(id: string, checks: [string, boolean][]): void {
    this.cases++
    const bad = checks.find(([, passed]) => !passed)
    if (bad !== undefined) this.failed.push(`${id}: ${bad[0]}`)
  }

  /** Counts one case that threw. */
  threw(id: string, e: unknown): void {
    this.cases++
    this.failed.push(`${id}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** Verifies every case of one family; undefined means this side has no implementation of the family. */
export type FamilyRunner = (cases: VectorCase[]) => Promise<Tally>

export const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"))
export const tohex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")
export const caseId = (c: VectorCase, i: number) => `cs=${String(c["cipher_suite"] ?? "-")} #${i}`

/** Runs `each` over the cases, counting a throw as that case's failure. */
export async function eachCase(
  cases: VectorCase[], each: (c: VectorCase, id: string, t: Tally) => Promise<void> | void,
): Promise<Tally> {
  const t = new Tally()
  for (const [i, c] of cases.entries()) {
    const id = caseId(c, i)
    try {
      await each(c, id, t)
    } catch (e) {
      t.threw(id, e)
    }
  }
  return t
}
