import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import {
  encode, encodeKeyPackageTbs, requiredCapabilitiesCodec, encodeLeafNodeTbs, ExtensionType, type Extension, type KeyPackage,
  type LeafNode, type Proposal, type Sender, type UpdatePath,
} from "../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { signWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import type { Tree } from "../../harness/protocol/mls/tree/index.ts"
import {
  COMMIT_RULES, validateCommit, validateProposalList, type CommitContext, type ListedProposal,
} from "../../harness/protocol/mls/validate/index.ts"
import { commitRequirements } from "../../harness/requirements/rfc9420/commit.ts"
import { oracleRequirements } from "../../harness/requirements/rfc9420/crypto.ts"
import { passiveRequirements } from "../../harness/requirements/rfc9420/passive.ts"
import { validationRequirements } from "../../harness/requirements/rfc9420/validation.ts"

const cs = cipherSuite(1)!
const groupId = Uint8Array.of(7, 7, 7)
const seeded = (label: string, i: number) => new Uint8Array(createHash("sha256").update(`${label}/${i}`).digest())
const sigPriv = (i: number) => seeded("commit-rules/sig", i)

/** Client i's leaf: key_package source, or signed for `leafIndex` in the group. */
function leaf(i: number, source: "key_package" | "update" | "commit" = "key_package", leafIndex = 0, caps = {}) {
  const base = {
    encryptionKey: cs.hpkePublicKey(seeded(`commit-rules/enc/${source}`, i))!,
    signatureKey: cs.signaturePublicKey(sigPriv(i))!,
    credential: { credentialType: 1, identity: new TextEncoder().encode(`client-${i}`) },
    capabilities: { versions: [1], cipherSuites: [1], extensions: [], proposals: [], credentials: [1], ...caps },
    extensions: [], signature: new Uint8Array(0),
  }
  const body = source === "key_package" ? { leafNodeSource: source, lifetime: { notBefore: 0n, notAfter: 2n ** 63n } }
    : source === "commit" ? { leafNodeSource: source, parentHash: new Uint8Array(0) } : { leafNodeSource: source }
  const node = { ...base, ...body } as LeafNode
  const group = source === "key_package" ? undefined : { groupId, leafIndex }
  node.signature = signWithLabel(cs, sigPriv(i), "LeafNodeTBS", encodeLeafNodeTbs(node, group))
  return node
}

function keyPackage(i: number, caps = {}): KeyPackage {
  const kp: KeyPackage = {
    version: 1, cipherSuite: 1, initKey: cs.hpkePublicKey(seeded("commit-rules/init", i))!,
    leafNode: leaf(i, "key_package", 0, caps), extensions: [], signature: new Uint8Array(0),
  }
  kp.signature = signWithLabel(cs, sigPriv(i), "KeyPackageTBS", encodeKeyPackageTbs(kp))
  return kp
}

/** A group of four leaves: clients 0, 1 and 2 at leaves 0–2, leaf 3 blank. */
const tree: Tree = { nLeaves: 4, nodes: [0, undefined, 1, undefined, 2, undefined, undefined].map((i) =>
  i === undefined ? undefined : { nodeType: "leaf" as const, leafNode: leaf(i) }) }
const ctx: CommitContext = { tree, groupId, committer: { senderType: "member", leafIndex: 0 } }
const external: CommitContext = { ...ctx, committer: { senderType: "new_member_commit" } }

const member = (leafIndex: number): Sender => ({ senderType: "member", leafIndex })
const by = (proposal: Proposal, sender: Sender = member(0)): ListedProposal => ({ proposal, sender })
const add = (i: number, caps = {}) => by({ proposalType: "add", keyPackage: keyPackage(i, caps) })
const remove = (removed: number) => by({ proposalType: "remove", removed })
const update = (leafIndex: number) =>
  by({ proposalType: "update", leafNode: leaf(leafIndex, "update", leafIndex) }, member(leafIndex))
const psk = (id: number, nonceLength = 32, usage?: "reinit" | "branch") => by({
  proposalType: "psk",
  psk: usage === undefined ? { pskType: "external", pskId: Uint8Array.of(id), pskNonce: new Uint8Array(nonceLength) }
    : { pskType: "resumption", usage, pskGroupId: groupId, pskEpoch: 1n, pskNonce: new Uint8Array(nonceLength) },
})
const requiring = (proposalTypes: number[]): Extension => ({
  extensionType: ExtensionType.required_capabilities,
  extensionData: encode(requiredCapabilitiesCodec, { extensionTypes: [], proposalTypes, credentialTypes: [] }),
})
const gce = (extensions: Extension[] = []) => by({ proposalType: "group_context_extensions", extensions })
const reinit = (version = 1) =>
  by({ proposalType: "reinit", groupId, version, cipherSuite: 1, extensions: [] })
const externalInit = () => by({ proposalType: "external_init", kemOutput: new Uint8Array(32) })
const custom = () => by({ proposalType: "unknown", type: 0x0a0a, data: new Uint8Array(0) })
const path = (leafNode: LeafNode): UpdatePath => ({ leafNode, nodes: [] })

const rules = (list: ListedProposal[], c: CommitContext = ctx) => validateProposalList(cs, list, c).map((v) => v.rule)

describe("every rule: a valid input passes, the mutated one fails with that rule", () => {
  const cases: [string, ListedProposal[], ListedProposal[], CommitContext?][] = [
    ["mls.proposal.remove-target-member", [remove(2)], [remove(3)]],
    ["mls.proposal.psk-usage-valid", [psk(1, 32)], [psk(1, 32, "reinit")]],
    ["mls.proposal.psk-nonce-length", [psk(1, 32)], [psk(1, 16)]],
    ["mls.proposal.reinit-version", [reinit(1)], [reinit(0)]],
    ["mls.proposal.gce-capabilities-supported", [gce([requiring([])])], [gce([requiring([0x0a0a])])]],
    ["mls.proposal-list.no-committer-update", [update(1)], [update(0)]],
    ["mls.proposal-list.no-committer-remove", [remove(1)], [remove(0)]],
    ["mls.proposal-list.one-change-per-leaf", [update(1), remove(2)], [update(1), remove(1)]],
    ["mls.proposal-list.add-clients-distinct", [add(5), add(6)], [add(5), add(5)]],
    ["mls.proposal-list.add-not-member", [remove(1), add(1)], [add(1)]],
    ["mls.proposal-list.psk-ids-unique", [psk(1), psk(2)], [psk(1), psk(1)]],
    ["mls.proposal-list.single-group-context-extensions", [gce()], [gce(), gce()]],
    ["mls.proposal-list.reinit-alone", [reinit()], [reinit(), add(5)]],
    ["mls.proposal-list.no-external-init", [add(5)], [add(5), externalInit()]],
    ["mls.proposal-list.proposal-type-supported", [add(5)], [custom()]],
    ["mls.proposal-list.external-init-once", [externalInit()], [externalInit(), externalInit()], external],
    ["mls.proposal-list.external-single-remove", [externalInit(), remove(1)], [externalInit(), remove(1), remove(2)],
      external],
    ["mls.proposal-list.external-allowed-types", [externalInit(), psk(1)], [externalInit(), add(5)], external],
  ]

  it("covers every list rule", () => {
    const listRules = COMMIT_RULES.filter((r) => !r.startsWith("mls.commit."))
    expect(cases.map(([rule]) => rule).sort()).toEqual([...listRules].sort())
  })

  it.each(cases)("%s", (rule, valid, mutated, c = ctx) => {
    expect(rules(valid, c)).toEqual([])
    expect(rules(mutated, c)).toContain(rule)
  })

  it("an external commit with no ExternalInit fails too", () => {
    expect(rules([psk(1)], external)).toContain("mls.proposal-list.external-init-once")
  })

  it("resumption PSKs with usage reinit are valid while reinitializing", () => {
    expect(rules([psk(1, 32, "reinit")], { ...ctx, resumptionUsage: "reinit" })).toEqual([])
  })

  it("a non-default proposal type supported by every remaining member is valid", () => {
    const all = { proposals: [0x0a0a] }
    const t: Tree = { ...tree, nodes: tree.nodes.map((n, x) => (n?.nodeType === "leaf"
      ? { nodeType: "leaf" as const, leafNode: leaf(x >>> 1, "key_package", 0, all) } : n)) }
    expect(rules([custom()], { ...ctx, tree: t })).toEqual([])
    // Members being removed need not support it.
    const partial: Tree = {
      ...t, nodes: t.nodes.map((n, x) => (x === 4 ? { nodeType: "leaf" as const, leafNode: leaf(2) } : n)),
    }
    expect(rules([custom()], { ...ctx, tree: partial })).toContain("mls.proposal-list.proposal-type-supported")
    expect(rules([custom(), remove(2)], { ...ctx, tree: partial })).toEqual([])
  })

  it("required capabilities bind the members added in the same commit", () => {
    const all = { proposals: [0x0a0a] }
    const t: Tree = { ...tree, nodes: tree.nodes.map((n, x) => (n?.nodeType === "leaf"
      ? { nodeType: "leaf" as const, leafNode: leaf(x >>> 1, "key_package", 0, all) } : n)) }
    const c = { ...ctx, tree: t }
    expect(rules([gce([requiring([0x0a0a])]), add(5, all)], c)).toEqual([])
    expect(rules([gce([requiring([0x0a0a])]), add(5)], c)).toContain("mls.proposal.gce-capabilities-supported")
  })

  it("an Add's KeyPackage and an Update's leaf are validated too", () => {
    const bad = add(5)
    if (bad.proposal.proposalType !== "add") throw new Error("not an add")
    bad.proposal.keyPackage.signature[0]! ^= 1
    expect(rules([bad])).toContain("mls.key-package.signature-valid")
    const wrongLeaf = by({ proposalType: "update", leafNode: leaf(1, "update", 2) }, member(1))
    expect(rules([wrongLeaf])).toContain("mls.leaf-node.signature-valid")
  })
})

describe("validateCommit", () => {
  const commit = (proposals: ListedProposal[], p?: UpdatePath) =>
    validateCommit(cs, p === undefined ? { proposals } : { proposals, path: p }, ctx).map((v) => v.rule)

  it.each([
    ["an empty commit", []],
    ["an Update", [update(1)]],
    ["a Remove", [remove(1)]],
    ["a GroupContextExtensions", [gce()]],
  ] as [string, ListedProposal[]][])("mls.commit.path-required: %s needs a path", (_name, list) => {
    expect(commit(list, path(leaf(0, "commit", 0)))).toEqual([])
    expect(commit(list)).toEqual(["mls.commit.path-required"])
  })

  it("Adds and PSKs alone need no path", () => {
    expect(commit([add(5), psk(1)])).toEqual([])
  })

  it("mls.commit.path-leaf-key-changed: the path leaf must not keep the committer's encryption key", () => {
    const same = { ...leaf(0, "commit", 0), encryptionKey: tree.nodes[0]!.nodeType === "leaf"
      ? tree.nodes[0]!.leafNode.encryptionKey : new Uint8Array(0) }
    expect(commit([], path(same))).toEqual(["mls.commit.path-leaf-key-changed"])
  })

  it("reports the list's violations as well", () => {
    expect(commit([remove(0)], path(leaf(0, "commit", 0)))).toEqual(["mls.proposal-list.no-committer-remove"])
  })
})

describe("the commit rules are registered", () => {
  it("every rule the validators report has a registry entry, and the new ones are registered once", () => {
    const known = new Set([commitRequirements, oracleRequirements, validationRequirements, passiveRequirements]
      .flatMap(Object.keys))
    expect(COMMIT_RULES.filter((r) => !known.has(r))).toEqual([])
    const elsewhere = new Set([oracleRequirements, validationRequirements, passiveRequirements].flatMap(Object.keys))
    expect(Object.keys(commitRequirements).filter((id) => elsewhere.has(id))).toEqual([])
    for (const r of Object.values(commitRequirements)) expect(r.text.length).toBeGreaterThan(20)
  })
})
