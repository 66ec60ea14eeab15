import { describe, expect, it } from "vitest"
import * as c from "../../harness/protocol/mls/codec/index.ts"
import { signWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import * as t from "../../harness/protocol/mls/tree/index.ts"
import * as v from "../../harness/protocol/mls/validate/index.ts"
import { validationRequirements } from "../../harness/requirements/rfc9420/validation.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { hex, mustDecode } from "./mls-codec-fixtures.ts"

const suite = cipherSuite(1)!
const passive = loadVectorFile<{ cipher_suite: number; key_package: string; signature_priv: string }[]>(
  "mls/passive-client-welcome.json").find((k) => k.cipher_suite === 1)!
const trees = loadVectorFile<{ cipher_suite: number; tree: string; group_id: string; tree_hashes: string[] }[]>(
  "mls/tree-validation.json")
const priv = hex(passive.signature_priv)
const msg = mustDecode(c.mlsMessageCodec, hex(passive.key_package))
if (msg.wireFormat !== "mls_key_package") throw new Error("key_package is not an MLSMessage(KeyPackage)")
const baseKp = msg.keyPackage
const NOW = 1_690_000_000n
const groupId = Uint8Array.of(7, 7, 7)

const rules = (vs: v.Violation[]) => [...new Set(vs.map((x) => x.rule))].sort()
const flip = (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 0 ? x ^ 1 : x))

function signLeaf(leaf: c.LeafNode, group?: { groupId: Uint8Array; leafIndex: number }): c.LeafNode {
  return { ...leaf, signature: signWithLabel(suite, priv, "LeafNodeTBS", c.encodeLeafNodeTbs(leaf, group)) }
}

function signKp(kp: c.KeyPackage): c.KeyPackage {
  const signed = { ...kp, leafNode: signLeaf(kp.leafNode) }
  return { ...signed, signature: signWithLabel(suite, priv, "KeyPackageTBS", c.encodeKeyPackageTbs(signed)) }
}

const withLeaf = (kp: c.KeyPackage, change: Partial<c.LeafNode>) =>
  ({ ...kp, leafNode: { ...kp.leafNode, ...change } as c.LeafNode })
const caps = (change: Partial<c.Capabilities>) => ({ capabilities: { ...baseKp.leafNode.capabilities, ...change } })

describe("the registry", () => {
  it("registers exactly the rule IDs the validators report", () => {
    expect(Object.keys(validationRequirements).sort()).toEqual([...v.VALIDATION_RULES].sort())
  })
})

describe("KeyPackage validation (§10.1)", () => {
  const validate = (kp: c.KeyPackage, ctx: v.KeyPackageContext = {}) =>
    v.validateKeyPackage(suite, kp, { now: NOW, ...ctx })

  it("accepts the upstream KeyPackage, also after re-signing it", () => {
    expect(validate(baseKp)).toEqual([])
    expect(validate(signKp(baseKp))).toEqual([])
    expect(validate(baseKp, { messageVersion: msg.version, cipherSuite: 1, version: 1 })).toEqual([])
  })

  const cases: [v.ValidationRule, () => v.Violation[]][] = [
    ["mls.key-package.version-matches", () => validate(signKp({ ...baseKp, version: 2 }))],
    ["mls.key-package.cipher-suite-matches", () => validate(signKp({ ...baseKp, cipherSuite: 2 }))],
    ["mls.key-package.signature-valid", () => validate({ ...baseKp, signature: flip(baseKp.signature) })],
    ["mls.key-package.init-key-distinct", () =>
      validate(signKp({ ...baseKp, initKey: baseKp.leafNode.encryptionKey }))],
    ["mls.key-package.capabilities-cover-extensions", () =>
      validate(signKp({ ...baseKp, extensions: [{ extensionType: 0x0a0a, extensionData: Uint8Array.of(1) }] }))],
    ["mls.leaf-node.lifetime-valid", () => validate(baseKp, { now: 1_800_000_000n })],
    ["mls.leaf-node.capabilities-cover-extensions", () =>
      validate(signKp(withLeaf(baseKp, { extensions: [{ extensionType: 0x0b0b, extensionData: Uint8Array.of() }] })))],
    ["mls.leaf-node.capabilities-cover-credential", () =>
      validate(signKp(withLeaf(baseKp, caps({ credentials: [2] }))))],
    ["mls.leaf-node.capabilities-omit-defaults", () => validate(signKp(withLeaf(baseKp, caps({ extensions: [2] }))))],
    ["mls.leaf-node.required-capabilities", () =>
      validate(baseKp, { requiredCapabilities: { extensionTypes: [0x0c0c], proposalTypes: [], credentialTypes: [] } })],
  ]
  it.each(cases)("reports %s for a KeyPackage mutated to break it", (rule, run) => {
    expect(rules(run())).toEqual([rule])
  })

  it("reports a KeyPackage whose leaf_node_source is not key_package", () => {
    const leaf = signLeaf({ ...baseKp.leafNode, leafNodeSource: "update" } as c.LeafNode, { groupId, leafIndex: 0 })
    const run = () => validate({ ...baseKp, leafNode: leaf })
    expect(() => run()).toThrow(RangeError)
    const out = v.validateLeafNode(suite, leaf, { source: "key_package", group: { groupId, leafIndex: 0 } })
    expect(rules(out)).toEqual(["mls.leaf-node.source-matches"])
  })
})

describe("LeafNode validation against the group (§7.3)", () => {
  const vector = trees.find((k) => k.cipher_suite === 1 && k.tree_hashes.length === 15)!
  const tree = (() => {
    const r = t.treeFromRatchetTree(mustDecode(c.ratchetTreeCodec, hex(vector.tree)))
    if (!r.ok) throw new Error(r.detail)
    return r.tree
  })()
  const leaf = baseKp.leafNode
  const replaceLeaf = (i: number, change: Partial<c.LeafNode>): t.Tree => {
    const nodes = tree.nodes.slice()
    nodes[i * 2] = { nodeType: "leaf", leafNode: { ...t.leafAt(tree, i)!, ...change } as c.LeafNode }
    return { ...tree, nodes }
  }
  const updateLeaf = signLeaf({ ...leaf, leafNodeSource: "update" } as c.LeafNode, { groupId, leafIndex: 1 })
  const asUpdate = (tr: t.Tree) =>
    v.validateLeafNode(suite, updateLeaf, {
      source: "update", group: { groupId, leafIndex: 1 }, tree: tr, replacing: 1,
    })

  const joinCheck = (tr: t.Tree) => v.validateLeafNode(suite, leaf, { source: "key_package", tree: tr })

  it("accepts a new member's leaf and an Update leaf that differ from every member", () => {
    expect(v.validateLeafNode(suite, leaf, { source: "key_package", now: NOW, tree })).toEqual([])
    expect(asUpdate(tree)).toEqual([])
  })

  const cases: [v.ValidationRule, () => v.Violation[]][] = [
    ["mls.leaf-node.signature-valid", () =>
      v.validateLeafNode(suite, { ...leaf, signature: flip(leaf.signature) }, { source: "key_package", tree })],
    ["mls.leaf-node.source-matches", () => v.validateLeafNode(suite, leaf, { source: "commit", tree })],
    ["mls.leaf-node.credential-supported", () =>
      v.validateLeafNode(suite, leaf, { source: "key_package", tree: replaceLeaf(2, caps({ credentials: [2] })) })],
    ["mls.leaf-node.signature-key-unique", () =>
      joinCheck(replaceLeaf(3, { signatureKey: leaf.signatureKey }))],
    ["mls.leaf-node.encryption-key-unique", () =>
      joinCheck(replaceLeaf(3, { encryptionKey: leaf.encryptionKey }))],
    ["mls.leaf-node.update-key-changed", () => asUpdate(replaceLeaf(1, { encryptionKey: leaf.encryptionKey }))],
  ]
  it.each(cases)("reports %s", (rule, run) => {
    expect(rules(run())).toEqual([rule])
  })
})

describe("ratchet-tree validation at join (§12.4.3.1)", () => {
  const pick = (n: number) => trees.filter((k) => k.cipher_suite === 1)[n]!
  const load = (n: number) => {
    const k = pick(n)
    return { list: mustDecode(c.ratchetTreeCodec, hex(k.tree)), groupId: hex(k.group_id), root: k.tree_hashes }
  }
  const check = (list: c.RatchetTree, groupId: Uint8Array, treeHash?: Uint8Array) => {
    const built = t.treeFromRatchetTree(list)
    const hash = treeHash ?? (built.ok ? t.treeHash(suite, built.tree) : new Uint8Array(0))
    return v.validateRatchetTree(suite, list, { groupId, treeHash: hash, now: NOW })
  }
  const treeOf = (list: c.RatchetTree) => {
    const r = t.treeFromRatchetTree(list)
    if (!r.ok) throw new Error(r.detail)
    return r.tree
  }
  const setParent = (list: c.RatchetTree, x: number, change: Partial<c.ParentNode>): c.RatchetTree => {
    const out = list.slice()
    const n = out[x]
    if (n?.nodeType !== "parent") throw new Error(`node ${x} is not a parent`)
    out[x] = { nodeType: "parent", parentNode: { ...n.parentNode, ...change } }
    return out
  }

  it("accepts every cipher-suite-1 tree of tree-validation.json", () => {
    const all = trees.filter((k) => k.cipher_suite === 1)
    expect(all.length).toBe(14)
    for (const k of all) {
      const list = mustDecode(c.ratchetTreeCodec, hex(k.tree))
      const rootHash = hex(k.tree_hashes[t.root((k.tree_hashes.length + 1) / 2)]!)
      expect(v.validateRatchetTree(suite, list, { groupId: hex(k.group_id), treeHash: rootHash })).toEqual([])
    }
  })

  const { list: plain, groupId } = load(2)
  const { list: unmerged, groupId: gid13 } = load(13)
  const cases: [v.ValidationRule, () => v.Violation[]][] = [
    ["mls.ratchet-tree.well-formed", () => check([...plain, undefined], groupId)],
    ["mls.ratchet-tree.tree-hash-matches", () => check(plain, groupId, new Uint8Array(32))],
    ["mls.ratchet-tree.parent-hashes-valid", () =>
      check(setParent(plain, 3, { parentHash: new Uint8Array(32) }), groupId)],
  ]
  it.each(cases)("reports exactly %s", (rule, run) => {
    expect(rules(run())).toEqual([rule])
  })

  const mixed: [v.ValidationRule, () => v.Violation[]][] = [
    ["mls.leaf-node.signature-valid", () => check(plain.map((n, x) => (x === 4 && n?.nodeType === "leaf"
      ? { nodeType: "leaf", leafNode: { ...n.leafNode, signature: flip(n.leafNode.signature) } } : n)), groupId)],
    ["mls.ratchet-tree.unmerged-leaf-consistent", () => check(setParent(unmerged, 11, { unmergedLeaves: [] }), gid13)],
    ["mls.ratchet-tree.unmerged-leaf-valid", () => check(setParent(plain, 3, { unmergedLeaves: [7] }), groupId)],
    ["mls.ratchet-tree.unmerged-leaves-sorted", () => check(setParent(unmerged, 7, { unmergedLeaves: [5, 5] }), gid13)],
    ["mls.ratchet-tree.encryption-keys-unique", () =>
      check(setParent(plain, 3, { encryptionKey: t.parentAt(treeOf(plain), 11)!.encryptionKey }), groupId)],
    ["mls.leaf-node.encryption-key-unique", () =>
      check(plain.map((n, x) => (x === 6 ? plain[4] : n)), groupId)],
  ]
  it.each(mixed)("reports %s (with the rules the same change also breaks)", (rule, run) => {
    expect(rules(run())).toContain(rule)
  })
})
