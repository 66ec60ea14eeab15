import {
  decodeExtensionBody, encodePreSharedKeyId, ExtensionType, MLS10, proposalTypeValue, type Extension, type LeafNode,
  type Proposal, type RequiredCapabilities, type Sender,
} from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { leafAt, type Tree } from "../tree/tree.ts"
import { validateKeyPackage } from "./key-package.ts"
import { validateLeafNode } from "./leaf-node.ts"
import {
  hexOf, isDefaultExtension, isDefaultProposal, violation, type ValidationRule, type Violation,
} from "./rules.ts"

/** A proposal of the commit's list with its sender (the committer for proposals sent by value). */
export interface ListedProposal {
  readonly proposal: Proposal
  readonly sender: Sender
}

export interface CommitContext {
  /** The group's tree before the commit. */
  readonly tree: Tree
  readonly groupId: Uint8Array
  /** Who commits: a member (regular commit) or a new member (external commit, §12.4.3.2). */
  readonly committer: { senderType: "member"; leafIndex: number } | { senderType: "new_member_commit" }
  /** The group's protocol version (default mls10) and GroupContext extensions (default none). */
  readonly version?: number
  readonly extensions?: readonly Extension[]
  /** Set while processing a reinitialization or a subgroup branch, where such resumption PSKs are allowed. */
  readonly resumptionUsage?: "reinit" | "branch"
}

const EXTERNAL_ALLOWED = new Set(["external_init", "remove", "psk"])
const sigKey = (leaf: LeafNode) => hexOf(leaf.signatureKey)

function requiredCapabilitiesOf(extensions: readonly Extension[]): RequiredCapabilities | undefined {
  const ext = extensions.find((e) => e.extensionType === ExtensionType.required_capabilities)
  const body = ext && decodeExtensionBody(ext)
  return body?.ok && body.value.type === "required_capabilities" ? body.value.requiredCapabilities : undefined
}

/** The checks of §12.1 on each proposal on its own; Adds and Updates go through §10.1 and §7.3 validation. */
function individualChecks(suite: CipherSuite, list: readonly ListedProposal[], ctx: CommitContext): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const gce = list.find((p) => p.proposal.proposalType === "group_context_extensions")?.proposal
  const extensions = gce?.proposalType === "group_context_extensions" ? gce.extensions : ctx.extensions ?? []
  const required = requiredCapabilitiesOf(extensions)
  const caps = required === undefined ? {} : { requiredCapabilities: required }
  for (const [i, { proposal: p, sender }] of list.entries()) {
    if (p.proposalType === "remove" && leafAt(ctx.tree, p.removed) === undefined) {
      report("mls.proposal.remove-target-member", `proposal ${i}: Remove of leaf ${p.removed}, which is blank`)
    } else if (p.proposalType === "psk") {
      const id = p.psk
      if (id.pskType === "resumption" && id.usage !== "application" && id.usage !== ctx.resumptionUsage) {
        report("mls.proposal.psk-usage-valid", `proposal ${i}: resumption PSK with usage ${id.usage}`)
      }
      if (id.pskNonce.length !== suite.hashLength) {
        report("mls.proposal.psk-nonce-length",
          `proposal ${i}: psk_nonce of ${id.pskNonce.length} bytes, KDF.Nh is ${suite.hashLength}`)
      }
    } else if (p.proposalType === "reinit" && p.version < (ctx.version ?? MLS10)) {
      report("mls.proposal.reinit-version", `proposal ${i}: ReInit to version ${p.version}, below the group's`)
    } else if (p.proposalType === "add") {
      for (const v of validateKeyPackage(suite, p.keyPackage, { version: ctx.version ?? MLS10, ...caps })) {
        report(v.rule, `proposal ${i} (Add): ${v.detail}`)
      }
    } else if (p.proposalType === "update" && sender.senderType === "member") {
      const leafCtx = {
        source: "update" as const, group: { groupId: ctx.groupId, leafIndex: sender.leafIndex },
        tree: ctx.tree, replacing: sender.leafIndex, ...caps,
      }
      for (const v of validateLeafNode(suite, p.leafNode, leafCtx)) {
        report(v.rule, `proposal ${i} (Update): ${v.detail}`)
      }
    }
  }
  if (required !== undefined && gce !== undefined) out.push(...gceSupport(list, ctx, required))
  return out
}

/** §12.1.7: every member after the commit (added ones in, removed ones out) supports the requirement. */
function gceSupport(list: readonly ListedProposal[], ctx: CommitContext, required: RequiredCapabilities): Violation[] {
  const removed = new Set(list.flatMap((p) => (p.proposal.proposalType === "remove" ? [p.proposal.removed] : [])))
  const members: [string, LeafNode][] = []
  for (let x = 0; x < ctx.tree.nodes.length; x += 2) {
    const n = ctx.tree.nodes[x]
    if (n?.nodeType === "leaf" && !removed.has(x >>> 1)) members.push([`leaf ${x >>> 1}`, n.leafNode])
  }
  for (const [i, { proposal: p }] of list.entries()) {
    if (p.proposalType === "add") members.push([`the member added by proposal ${i}`, p.keyPackage.leafNode])
  }
  return members.flatMap(([who, leaf]) => {
    const c = leaf.capabilities
    const missing = [
      ...required.extensionTypes.filter((t) => !isDefaultExtension(t) && !c.extensions.includes(t))
        .map((t) => `extension ${t}`),
      ...required.proposalTypes.filter((t) => !isDefaultProposal(t) && !c.proposals.includes(t))
        .map((t) => `proposal ${t}`),
      ...required.credentialTypes.filter((t) => !c.credentials.includes(t)).map((t) => `credential ${t}`),
    ]
    return missing.length === 0 ? [] : [violation("mls.proposal.gce-capabilities-supported",
      `${who} does not support the required ${missing.join(", ")}`)]
  })
}

/** The list rules of §12.2 for a regular commit by a member. */
function regularListChecks(list: readonly ListedProposal[], ctx: CommitContext, committer: number): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const touched = new Map<number, number>()
  const removed = new Set<number>()
  for (const [i, { proposal: p, sender }] of list.entries()) {
    const leaf = p.proposalType === "remove" ? p.removed
      : p.proposalType === "update" && sender.senderType === "member" ? sender.leafIndex : undefined
    if (p.proposalType === "update" && leaf === committer) {
      report("mls.proposal-list.no-committer-update", `proposal ${i}: Update from the committer (leaf ${committer})`)
    }
    if (p.proposalType === "remove") {
      removed.add(p.removed)
      if (p.removed === committer) {
        report("mls.proposal-list.no-committer-remove", `proposal ${i}: removes the committer`)
      }
    }
    if (leaf !== undefined) {
      const first = touched.get(leaf)
      if (first !== undefined) {
        report("mls.proposal-list.one-change-per-leaf",
          `proposals ${first} and ${i} both update or remove leaf ${leaf}`)
      } else touched.set(leaf, i)
    }
    if (p.proposalType === "external_init") {
      report("mls.proposal-list.no-external-init", `proposal ${i}: ExternalInit in a commit by a member`)
    }
  }
  const members = new Map<string, number>()
  for (let x = 0; x < ctx.tree.nodes.length; x += 2) {
    const n = ctx.tree.nodes[x]
    if (n?.nodeType === "leaf" && !removed.has(x >>> 1)) members.set(sigKey(n.leafNode), x >>> 1)
  }
  for (const [i, { proposal: p }] of list.entries()) {
    if (p.proposalType !== "add") continue
    const member = members.get(sigKey(p.keyPackage.leafNode))
    if (member !== undefined) {
      report("mls.proposal-list.add-not-member", `proposal ${i}: adds the client of leaf ${member}, which stays`)
    }
  }
  out.push(...supportedTypes(list, ctx, removed))
  return out
}

/** §12.2: a non-default proposal type must be supported by every member that stays in the group. */
function supportedTypes(
  list: readonly ListedProposal[], ctx: CommitContext, removed: ReadonlySet<number>,
): Violation[] {
  const types = [...new Set(list.map((p) => proposalTypeValue(p.proposal)).filter((t) => !isDefaultProposal(t)))]
  if (types.length === 0) return []
  const out: Violation[] = []
  for (let x = 0; x < ctx.tree.nodes.length; x += 2) {
    const n = ctx.tree.nodes[x]
    if (n?.nodeType !== "leaf" || removed.has(x >>> 1)) continue
    const missing = types.filter((t) => !n.leafNode.capabilities.proposals.includes(t))
    if (missing.length > 0) {
      out.push(violation("mls.proposal-list.proposal-type-supported",
        `leaf ${x >>> 1} does not support proposal types ${missing}`))
    }
  }
  return out
}

/** §12.2 for an external commit: exactly one ExternalInit, at most one Remove, PSKs, nothing else. */
function externalListChecks(list: readonly ListedProposal[]): Violation[] {
  const out: Violation[] = []
  const count = (type: string) => list.filter((p) => p.proposal.proposalType === type).length
  if (count("external_init") !== 1) {
    out.push(violation("mls.proposal-list.external-init-once", `${count("external_init")} ExternalInit proposals`))
  }
  if (count("remove") > 1) {
    out.push(violation("mls.proposal-list.external-single-remove", `${count("remove")} Remove proposals`))
  }
  const other = list.map((p) => p.proposal.proposalType).filter((t) => !EXTERNAL_ALLOWED.has(t))
  if (other.length > 0) {
    out.push(violation("mls.proposal-list.external-allowed-types", `external commit with ${other.join(", ")}`))
  }
  return out
}

/** The list rules that hold for every commit (§12.2). */
function commonListChecks(list: readonly ListedProposal[]): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const adds = new Map<string, number>()
  const psks = new Map<string, number>()
  for (const [i, { proposal: p }] of list.entries()) {
    if (p.proposalType === "add") {
      const first = adds.get(sigKey(p.keyPackage.leafNode))
      if (first !== undefined) {
        report("mls.proposal-list.add-clients-distinct", `proposals ${first} and ${i} add the same signature key`)
      }
      else adds.set(sigKey(p.keyPackage.leafNode), i)
    } else if (p.proposalType === "psk") {
      const id = hexOf(encodePreSharedKeyId(p.psk))
      const first = psks.get(id)
      if (first !== undefined) {
        report("mls.proposal-list.psk-ids-unique", `proposals ${first} and ${i} name the same PSK`)
      }
      else psks.set(id, i)
    }
  }
  const gce = list.filter((p) => p.proposal.proposalType === "group_context_extensions").length
  if (gce > 1) report("mls.proposal-list.single-group-context-extensions", `${gce} GroupContextExtensions proposals`)
  if (list.some((p) => p.proposal.proposalType === "reinit") && list.length > 1) {
    report("mls.proposal-list.reinit-alone", `ReInit together with ${list.length - 1} other proposals`)
  }
  return out
}

/** Proposal-list validation (§12.1, §12.2): the list of a commit, each proposal with its sender. */
export function validateProposalList(
  suite: CipherSuite, list: readonly ListedProposal[], ctx: CommitContext,
): Violation[] {
  const listChecks = ctx.committer.senderType === "member"
    ? regularListChecks(list, ctx, ctx.committer.leafIndex) : externalListChecks(list)
  return [...individualChecks(suite, list, ctx), ...commonListChecks(list), ...listChecks]
}
