/**
 * The rule IDs the validators report. Each is registered, with its RFC 9420 text, in the
 * requirement registry (rfc9420/validation); this module stays free of registry imports.
 */
export const VALIDATION_RULES = [
  "mls.key-package.version-matches",
  "mls.key-package.cipher-suite-matches",
  "mls.key-package.signature-valid",
  "mls.key-package.init-key-distinct",
  "mls.key-package.capabilities-cover-extensions",
  "mls.leaf-node.signature-valid",
  "mls.leaf-node.source-matches",
  "mls.leaf-node.lifetime-valid",
  "mls.leaf-node.capabilities-cover-extensions",
  "mls.leaf-node.capabilities-cover-credential",
  "mls.leaf-node.capabilities-omit-defaults",
  "mls.leaf-node.required-capabilities",
  "mls.leaf-node.credential-supported",
  "mls.leaf-node.update-key-changed",
  "mls.leaf-node.signature-key-unique",
  "mls.leaf-node.encryption-key-unique",
  "mls.ratchet-tree.well-formed",
  "mls.ratchet-tree.tree-hash-matches",
  "mls.ratchet-tree.parent-hashes-valid",
  "mls.ratchet-tree.unmerged-leaf-valid",
  "mls.ratchet-tree.unmerged-leaf-consistent",
  "mls.ratchet-tree.unmerged-leaves-sorted",
  "mls.ratchet-tree.encryption-keys-unique",
] as const

/**
 * The commit and proposal-list rules (§12.1, §12.2, §12.4.2), registered in rfc9420/commit. Two IDs
 * are shared with the passive member's checks and registered with them (rfc9420/crypto):
 * mls.proposal.remove-target-member and mls.commit.path-required.
 */
export const COMMIT_RULES = [
  "mls.proposal.remove-target-member",
  "mls.proposal.psk-usage-valid",
  "mls.proposal.psk-nonce-length",
  "mls.proposal.reinit-version",
  "mls.proposal.gce-capabilities-supported",
  "mls.proposal-list.no-committer-update",
  "mls.proposal-list.no-committer-remove",
  "mls.proposal-list.one-change-per-leaf",
  "mls.proposal-list.add-clients-distinct",
  "mls.proposal-list.add-not-member",
  "mls.proposal-list.psk-ids-unique",
  "mls.proposal-list.single-group-context-extensions",
  "mls.proposal-list.reinit-alone",
  "mls.proposal-list.no-external-init",
  "mls.proposal-list.proposal-type-supported",
  "mls.proposal-list.external-init-once",
  "mls.proposal-list.external-allowed-types",
  "mls.proposal-list.external-single-remove",
  "mls.commit.path-required",
  "mls.commit.path-leaf-key-changed",
] as const

export type ValidationRule = (typeof VALIDATION_RULES)[number] | (typeof COMMIT_RULES)[number]

/** One broken rule; validators return a list of these (empty means valid). */
export interface Violation {
  readonly ok: false
  readonly rule: ValidationRule
  readonly detail: string
}

export const violation = (rule: ValidationRule, detail: string): Violation => ({ ok: false, rule, detail })

/** Extension types 1–5 and proposal types 1–7 are "default" (§7.2): implied, never listed. */
export const isDefaultExtension = (t: number) => t >= 1 && t <= 5
export const isDefaultProposal = (t: number) => t >= 1 && t <= 7

export const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")
