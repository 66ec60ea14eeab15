import type { RatchetTree, RequiredCapabilities } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { treeHashes } from "../tree/hash.ts"
import { directPath, inSubtree, root } from "../tree/math.ts"
import { verifyParentHashes } from "../tree/parent-hash.ts"
import { treeFromRatchetTree, type Tree } from "../tree/tree.ts"
import { leafNodeSelfChecks } from "./leaf-node.ts"
import { hexOf, violation, type ValidationRule, type Violation } from "./rules.ts"

export interface RatchetTreeContext {
  groupId: Uint8Array
  /** GroupInfo's group_context.tree_hash. */
  treeHash: Uint8Array
  /** Seconds since the Unix epoch; key_package leaves' lifetimes are checked only when given. */
  now?: bigint
  requiredCapabilities?: RequiredCapabilities
}

const key = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1")

/** Unmerged-leaf rules of §12.4.3.1 and the sort order of §7.1 for every non-blank parent node. */
function unmergedLeafChecks(tree: Tree): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  for (let x = 1; x < tree.nodes.length; x += 2) {
    const n = tree.nodes[x]
    if (n?.nodeType !== "parent") continue
    const list = n.parentNode.unmergedLeaves
    if (list.some((l, i) => i > 0 && l <= list[i - 1]!)) {
      report("mls.ratchet-tree.unmerged-leaves-sorted", `node ${x}: unmerged_leaves [${list}] not increasing`)
    }
    for (const l of list) {
      if (!inSubtree(l * 2, x) || tree.nodes[l * 2] === undefined) {
        report("mls.ratchet-tree.unmerged-leaf-valid", `node ${x}: leaf ${l} is blank or not a descendant`)
        continue
      }
      for (const p of directPath(l * 2, tree.nLeaves)) {
        if (p === x) break
        const q = tree.nodes[p]
        if (q?.nodeType === "parent" && !q.parentNode.unmergedLeaves.includes(l)) {
          report("mls.ratchet-tree.unmerged-leaf-consistent", `node ${p} between leaf ${l} and node ${x} omits it`)
        }
      }
    }
  }
  return out
}

/** Key uniqueness over the whole tree in one pass (§7.3, §12.4.3.1). */
function keyUniqueness(tree: Tree): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const enc = new Map<string, number>()
  const sig = new Map<string, number>()
  for (let x = 0; x < tree.nodes.length; x++) {
    const n = tree.nodes[x]
    if (n === undefined) continue
    const ek = n.nodeType === "leaf" ? n.leafNode.encryptionKey : n.parentNode.encryptionKey
    const prior = enc.get(key(ek))
    if (prior === undefined) enc.set(key(ek), x)
    else {
      const rule = prior % 2 === 0 && n.nodeType === "leaf"
        ? "mls.leaf-node.encryption-key-unique" : "mls.ratchet-tree.encryption-keys-unique"
      report(rule, `nodes ${prior} and ${x} share encryption_key ${hexOf(ek)}`)
    }
    if (n.nodeType !== "leaf") continue
    const sk = key(n.leafNode.signatureKey)
    const first = sig.get(sk)
    if (first === undefined) sig.set(sk, x)
    else report("mls.leaf-node.signature-key-unique", `leaves ${first >>> 1} and ${x >>> 1} share signature_key`)
  }
  return out
}

/** Credential types in use must be supported by every member (§7.3), checked set-wise. */
function credentialSupport(tree: Tree): Violation[] {
  const leaves = tree.nodes.flatMap((n, x) => (n?.nodeType === "leaf" ? [{ x, leaf: n.leafNode }] : []))
  const inUse = new Set(leaves.map(({ leaf }) => leaf.credential.credentialType))
  return leaves.flatMap(({ x, leaf }) => {
    const missing = [...inUse].filter((t) => !leaf.capabilities.credentials.includes(t))
    return missing.length === 0 ? [] : [violation("mls.leaf-node.credential-supported",
      `leaf ${x >>> 1} does not support credential types ${missing} used in the group`)]
  })
}

/** Ratchet-tree validation when joining a group (§12.4.3.1). */
export function validateRatchetTree(suite: CipherSuite, list: RatchetTree, ctx: RatchetTreeContext): Violation[] {
  const built = treeFromRatchetTree(list)
  if (!built.ok) return [violation("mls.ratchet-tree.well-formed", built.detail)]
  return [...treeHashChecks(suite, built.tree, ctx), ...leafAndStructureChecks(suite, built.tree, ctx)]
}

/** The first part of validateRatchetTree: the root tree hash and the parent-hash chains. */
export function treeHashChecks(suite: CipherSuite, tree: Tree, ctx: RatchetTreeContext): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const hashes = treeHashes(suite, tree)
  const actual = hashes[root(tree.nLeaves)]!
  if (hexOf(actual) !== hexOf(ctx.treeHash)) {
    report("mls.ratchet-tree.tree-hash-matches", `tree hash ${hexOf(actual)}, GroupInfo has ${hexOf(ctx.treeHash)}`)
  }
  for (const f of verifyParentHashes(suite, tree, hashes)) {
    report("mls.ratchet-tree.parent-hashes-valid",
      `parent node ${f.node} has ${f.links.length} parent-hash-valid descendants, expected exactly one`)
  }
  return out
}

/**
 * The second part: every leaf's own checks (§7.3), unmerged leaves, key uniqueness and credential
 * support. `badSignatures`, when given, holds the leaves whose signatures were found invalid elsewhere.
 */
export function leafAndStructureChecks(
  suite: CipherSuite, tree: Tree, ctx: RatchetTreeContext, badSignatures?: ReadonlySet<number>,
): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  for (let x = 0; x < tree.nodes.length; x += 2) {
    const n = tree.nodes[x]
    if (n?.nodeType !== "leaf") continue
    const ctxLeaf = {
      source: n.leafNode.leafNodeSource, group: { groupId: ctx.groupId, leafIndex: x >>> 1 },
      now: ctx.now, requiredCapabilities: ctx.requiredCapabilities,
      ...(badSignatures === undefined ? {} : { signatureValid: !badSignatures.has(x >>> 1) }),
    }
    for (const v of leafNodeSelfChecks(suite, n.leafNode, ctxLeaf)) report(v.rule, `leaf ${x >>> 1}: ${v.detail}`)
  }
  out.push(...unmergedLeafChecks(tree), ...keyUniqueness(tree), ...credentialSupport(tree))
  return out
}
