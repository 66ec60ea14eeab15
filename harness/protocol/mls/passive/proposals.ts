import type { Extension, PreSharedKeyId, Proposal, Sender } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { fail, ok, type Outcome } from "../message/outcome.ts"
import { applyAdd, applyRemove, applyUpdate, leafAt, type Tree } from "../tree/index.ts"
import { validateKeyPackage, validateLeafNode } from "../validate/index.ts"
import { requiredCapabilitiesOf } from "./state.ts"

/** A proposal with the sender that proposed it (the committer for proposals by value). */
export interface SourcedProposal {
  readonly proposal: Proposal
  readonly sender: Sender
}

export interface AppliedProposals {
  readonly tree: Tree
  readonly extensions: Extension[]
  /** Leaf indices added by this commit: they receive the path secret through the Welcome. */
  readonly added: Set<number>
  readonly psks: PreSharedKeyId[]
  readonly externalInit?: Uint8Array
  /** Proposal types that require an UpdatePath (RFC 9420 §17.4 "Path Required"). */
  readonly pathRequired: boolean
}

const PATH_REQUIRED = new Set(["update", "remove", "external_init", "group_context_extensions"])

/**
 * Applies a commit's proposals to the tree in the order of RFC 9420 §12.4.2: group context
 * extensions, updates, removes, adds; PSK, external init and re-init only contribute inputs to the
 * key schedule. Leaves and KeyPackages brought in go through the validators (§7.3, §10.1).
 */
export function applyProposals(
  cs: CipherSuite, tree: Tree, groupId: Uint8Array, extensions: Extension[], list: readonly SourcedProposal[],
): Outcome<AppliedProposals> {
  let t = tree
  let ext = extensions
  const psks: PreSharedKeyId[] = []
  let externalInit: Uint8Array | undefined
  const byType = (type: Proposal["proposalType"]) => list.filter((p) => p.proposal.proposalType === type)
  for (const { proposal } of byType("group_context_extensions")) {
    if (proposal.proposalType === "group_context_extensions") ext = proposal.extensions
  }
  const required = requiredCapabilitiesOf(ext)
  const caps = required === undefined ? {} : { requiredCapabilities: required }
  for (const { proposal, sender } of byType("update")) {
    if (proposal.proposalType !== "update") continue
    if (sender.senderType !== "member") {
      return fail("mls.proposal.update-sender-member", "an Update must come from a member")
    }
    const leafIndex = sender.leafIndex
    const bad = validateLeafNode(cs, proposal.leafNode,
      { source: "update", group: { groupId, leafIndex }, tree: t, replacing: leafIndex, ...caps })[0]
    if (bad !== undefined) return fail(bad.rule, `Update of leaf ${leafIndex}: ${bad.detail}`)
    t = applyUpdate(t, leafIndex, proposal.leafNode)
  }
  for (const { proposal } of byType("remove")) {
    if (proposal.proposalType !== "remove") continue
    if (leafAt(t, proposal.removed) === undefined) {
      return fail("mls.proposal.remove-target-member", `Remove of leaf ${proposal.removed}, which is blank`)
    }
    t = applyRemove(t, proposal.removed)
  }
  const added = new Set<number>()
  for (const { proposal } of byType("add")) {
    if (proposal.proposalType !== "add") continue
    if (proposal.keyPackage.leafNode.leafNodeSource !== "key_package") {
      return fail("mls.leaf-node.source-matches", "an Add's KeyPackage leaf must have source key_package")
    }
    const bad = validateKeyPackage(cs, proposal.keyPackage, { tree: t, ...caps })[0]
    if (bad !== undefined) return fail(bad.rule, `Add: ${bad.detail}`)
    const r = applyAdd(t, proposal.keyPackage.leafNode)
    t = r.tree
    added.add(r.leafIndex)
  }
  for (const { proposal } of list) {
    if (proposal.proposalType === "psk") psks.push(proposal.psk)
    if (proposal.proposalType === "external_init") externalInit = proposal.kemOutput
  }
  const pathRequired = list.length === 0 || list.some((p) => PATH_REQUIRED.has(p.proposal.proposalType))
  const base = { tree: t, extensions: ext, added, psks, pathRequired }
  return ok(externalInit === undefined ? base : { ...base, externalInit })
}
