/** The requirement registry's vocabulary: one entry per normative statement the suite checks. */

export type Level = "MUST" | "SHOULD" | "MAY"

export interface SpecDocument {
  /** Short document name as printed in reports, e.g. "RFC 9420" or "draft-ietf-mimi-protocol-06". */
  readonly doc: string
  /** Profile this document belongs to (the first segment of every ID). */
  readonly profile: "rfc9420" | "mimi-protocol" | "mimi-content" | "signal"
  /** Prefix that a section number is appended to, to link to the spec. */
  readonly url: string
}

export interface RequirementSpec {
  readonly level: Level
  /** Section of the document, e.g. "12.4.3.1". */
  readonly section: string
  /** The normative text: a quote where possible, else `paraphrase: true`. */
  readonly text: string
  readonly paraphrase?: boolean
  /** Where the document is ambiguous: the reading the suite picked, and why. */
  readonly reading?: string
}

export interface Requirement extends RequirementSpec {
  readonly id: string
  readonly doc: string
  readonly profile: SpecDocument["profile"]
  readonly link: string
}

/**
 * Declares a document's requirements. The keys become the requirement IDs; `check()` accepts only
 * keys of the registry, so a typo in an ID fails the type check.
 *
 * ```ts
 * export const keyPackage = defineRequirements(RFC9420, {
 *   "mls.key-package.signature-valid": { level: "MUST", section: "10.1", text: "…" },
 * })
 * ```
 */
export function defineRequirements<const T extends Record<string, RequirementSpec>>(
  document: SpecDocument,
  entries: T,
): { readonly [K in keyof T & string]: Requirement } {
  const out: Record<string, Requirement> = {}
  for (const [id, spec] of Object.entries(entries)) {
    out[id] = { ...spec, id, doc: document.doc, profile: document.profile, link: document.url + spec.section }
  }
  return out as { readonly [K in keyof T & string]: Requirement }
}

export const RFC9420: SpecDocument = {
  doc: "RFC 9420",
  profile: "rfc9420",
  url: "https://www.rfc-editor.org/rfc/rfc9420#section-",
}
