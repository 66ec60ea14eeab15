/** RFC 9420 enumerations as name tables indexed by wire value (undefined = reserved/unknown). */

export const WIRE_FORMATS = [
  undefined, "mls_public_message", "mls_private_message", "mls_welcome", "mls_group_info", "mls_key_package",
] as const
export type WireFormat = NonNullable<(typeof WIRE_FORMATS)[number]>

export const CONTENT_TYPES = [undefined, "application", "proposal", "commit"] as const
export type ContentType = NonNullable<(typeof CONTENT_TYPES)[number]>

export const SENDER_TYPES = [undefined, "member", "external", "new_member_proposal", "new_member_commit"] as const
export type SenderType = NonNullable<(typeof SENDER_TYPES)[number]>

export const LEAF_NODE_SOURCES = [undefined, "key_package", "update", "commit"] as const
export type LeafNodeSource = NonNullable<(typeof LEAF_NODE_SOURCES)[number]>

export const PSK_TYPES = [undefined, "external", "resumption"] as const
export type PskType = NonNullable<(typeof PSK_TYPES)[number]>

export const RESUMPTION_USAGES = [undefined, "application", "reinit", "branch"] as const
export type ResumptionPskUsage = NonNullable<(typeof RESUMPTION_USAGES)[number]>

export const NODE_TYPES = [undefined, "leaf", "parent"] as const
export type NodeType = NonNullable<(typeof NODE_TYPES)[number]>

export const PROPOSAL_OR_REF_TYPES = [undefined, "proposal", "reference"] as const

/** Open registries (uint16, IANA): known values by name. */
export const ProposalType = {
  add: 1, update: 2, remove: 3, psk: 4, reinit: 5, external_init: 6, group_context_extensions: 7,
} as const
export const ExtensionType = {
  application_id: 1, ratchet_tree: 2, required_capabilities: 3, external_pub: 4, external_senders: 5,
} as const
export const CredentialType = { basic: 1, x509: 2 } as const

export const MLS10 = 1

/** Wire value of a name in a table. */
export function wireValue<N extends string>(names: readonly (N | undefined)[], name: N): number {
  return names.indexOf(name)
}
