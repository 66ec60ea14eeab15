/**
 * One verifier per official MLS WG vector family, named after its upstream file. Each checks one
 * raw JSON case against the suite's own oracle and names the first field that differs.
 */
import { cryptoBasics, deserialization, treeMath } from "./basic.ts"
import { messages } from "./messages.ts"
import {
  passiveClient, passiveClientHandlingCommit, passiveClientRandom, passiveClientWelcome,
} from "./passive.ts"
import { messageProtection, welcome } from "./protection.ts"
import { keySchedule, pskSecret, secretTree, transcriptHashes } from "./schedule.ts"
import { treeOperations, treekem, treeValidation } from "./tree.ts"
import type { FamilyVerifier } from "./verdict.ts"

export type { FamilyVerifier, Verdict } from "./verdict.ts"

/** The 16 official families, in the order of the upstream test-vectors directory. */
export const OFFICIAL_FAMILIES: readonly FamilyVerifier[] = [
  treeMath, cryptoBasics, deserialization, messages, keySchedule, pskSecret, secretTree, transcriptHashes,
  messageProtection, welcome, treeValidation, treeOperations, treekem, passiveClientWelcome,
  passiveClientHandlingCommit, passiveClientRandom,
]

/** Format aliases: files of a family's format under another name. */
export const ALIASES: readonly FamilyVerifier[] = [passiveClient]

export const FAMILY_NAMES: readonly string[] = [...OFFICIAL_FAMILIES, ...ALIASES].map((f) => f.family)

export function family(name: string): FamilyVerifier | undefined {
  return [...OFFICIAL_FAMILIES, ...ALIASES].find((f) => f.family === name)
}

/**
 * Display IDs of a file's cases: `cs=<suite> #<n>` with n counting that suite's cases in file order,
 * or `#<index>` for families without a cipher suite.
 */
export function caseIds(cases: readonly unknown[]): string[] {
  const perSuite = new Map<number, number>()
  return cases.map((raw, index) => {
    const cs = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).cipher_suite : undefined
    if (typeof cs !== "number") return `#${index}`
    const n = perSuite.get(cs) ?? 0
    perSuite.set(cs, n + 1)
    return `cs=${cs} #${n}`
  })
}
