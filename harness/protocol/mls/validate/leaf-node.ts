import type { LeafNode, LeafNodeSource, RequiredCapabilities } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { leafSignatureValid } from "../tree/signatures.ts"
import type { Tree } from "../tree/tree.ts"
import { isDefaultExtension, isDefaultProposal, violation, type ValidationRule, type Violation } from "./rules.ts"

export interface LeafNodeContext {
  /** Where the leaf appears: a KeyPackage, an Update proposal or a Commit's UpdatePath (§7.3). */
  source: LeafNodeSource
  /** Needed to verify update and commit leaves, whose signature covers group_id and leaf_index. */
  group?: { groupId: Uint8Array; leafIndex: number }
  /** Seconds since the Unix epoch; the lifetime is checked only when a clock is given. */
  now?: bigint
  requiredCapabilities?: RequiredCapabilities
  /** The group's current tree, for the checks against the other members. */
  tree?: Tree
  /** Leaf index the leaf replaces (Update), left out of the uniqueness checks. */
  replacing?: number
  /** The signature's verdict when it was already verified elsewhere (worker threads); else it is verified here. */
  signatureValid?: boolean
}

/** The checks on a LeafNode on its own (§7.2, §7.3), without looking at other members. */
export function leafNodeSelfChecks(suite: CipherSuite, leaf: LeafNode, ctx: LeafNodeContext): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const caps = leaf.capabilities
  const group = leaf.leafNodeSource === "key_package" ? undefined : ctx.group
  if (leaf.leafNodeSource !== "key_package" && group === undefined) {
    throw new RangeError(`verifying a ${leaf.leafNodeSource} leaf needs group_id and leaf_index`)
  }
  const signed = ctx.signatureValid
    ?? leafSignatureValid(suite, leaf, group?.groupId ?? new Uint8Array(0), group?.leafIndex ?? 0)
  if (!signed) {
    report("mls.leaf-node.signature-valid", "LeafNodeTBS signature does not verify under signature_key")
  }
  if (leaf.leafNodeSource !== ctx.source) {
    report("mls.leaf-node.source-matches", `leaf_node_source is ${leaf.leafNodeSource}, expected ${ctx.source}`)
  }
  if (ctx.now !== undefined && leaf.leafNodeSource === "key_package") {
    const { notBefore, notAfter } = leaf.lifetime
    if (ctx.now < notBefore || ctx.now > notAfter) {
      report("mls.leaf-node.lifetime-valid", `time ${ctx.now} outside lifetime [${notBefore}, ${notAfter}]`)
    }
  }
  const uncovered = leaf.extensions.map((e) => e.extensionType)
    .filter((t) => !isDefaultExtension(t) && !caps.extensions.includes(t))
  if (uncovered.length > 0) {
    report("mls.leaf-node.capabilities-cover-extensions", `extension types ${uncovered} not in capabilities`)
  }
  if (!caps.credentials.includes(leaf.credential.credentialType)) {
    report("mls.leaf-node.capabilities-cover-credential",
      `credential type ${leaf.credential.credentialType} not in capabilities.credentials`)
  }
  const defaults = [...caps.extensions.filter(isDefaultExtension).map((t) => `extension ${t}`),
    ...caps.proposals.filter(isDefaultProposal).map((t) => `proposal ${t}`)]
  if (defaults.length > 0) {
    report("mls.leaf-node.capabilities-omit-defaults", `capabilities list default types: ${defaults.join(", ")}`)
  }
  const req = ctx.requiredCapabilities
  if (req !== undefined) {
    const missing = [
      ...req.extensionTypes.filter((t) => !isDefaultExtension(t) && !caps.extensions.includes(t))
        .map((t) => `extension ${t}`),
      ...req.proposalTypes.filter((t) => !isDefaultProposal(t) && !caps.proposals.includes(t))
        .map((t) => `proposal ${t}`),
      ...req.credentialTypes.filter((t) => !caps.credentials.includes(t)).map((t) => `credential ${t}`),
    ]
    if (missing.length > 0) {
      report("mls.leaf-node.required-capabilities", `required but not supported: ${missing.join(", ")}`)
    }
  }
  return out
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/** LeafNode validation (§7.3): the leaf's own checks plus those against the group's other members. */
export function validateLeafNode(suite: CipherSuite, leaf: LeafNode, ctx: LeafNodeContext): Violation[] {
  const out = leafNodeSelfChecks(suite, leaf, ctx)
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const tree = ctx.tree
  if (tree === undefined) return out
  const type = leaf.credential.credentialType
  for (let x = 0; x < tree.nodes.length; x += 2) {
    const n = tree.nodes[x]
    if (n?.nodeType !== "leaf") continue
    const other = n.leafNode
    if (x >>> 1 === ctx.replacing) {
      if (ctx.source === "update" && same(other.encryptionKey, leaf.encryptionKey)) {
        report("mls.leaf-node.update-key-changed", `encryption_key equals that of leaf ${x >>> 1} it replaces`)
      }
      continue
    }
    const theirs = other.credential.credentialType
    if (!other.capabilities.credentials.includes(type) || !leaf.capabilities.credentials.includes(theirs)) {
      report("mls.leaf-node.credential-supported", `credential types not mutually supported with leaf ${x >>> 1}`)
    }
    if (same(other.signatureKey, leaf.signatureKey)) {
      report("mls.leaf-node.signature-key-unique", `signature_key already used by leaf ${x >>> 1}`)
    }
    if (same(other.encryptionKey, leaf.encryptionKey)) {
      report("mls.leaf-node.encryption-key-unique", `encryption_key already used by leaf ${x >>> 1}`)
    }
  }
  return out
}
