import { describe, expect, it } from "vitest"
import * as c from "../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import * as t from "../../harness/protocol/mls/tree/index.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { hex, mustDecode } from "./mls-codec-fixtures.ts"

const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const suiteOf = (id: number) => cipherSuite(id) ?? (() => { throw new Error(`no cipher suite ${id}`) })()

function treeOf(h: string): t.Tree {
  const res = t.treeFromRatchetTree(mustDecode(c.ratchetTreeCodec, hex(h)))
  if (!res.ok) throw new Error(res.detail)
  return res.tree
}

interface TreeMathCase {
  n_leaves: number; n_nodes: number; root: number
  left: (number | null)[]; right: (number | null)[]; parent: (number | null)[]; sibling: (number | null)[]
}

describe("tree-math.json", () => {
  const cases = loadVectorFile<TreeMathCase[]>("mls/tree-math.json")
  const orNull = (f: () => number) => {
    try {
      return f()
    } catch {
      return null
    }
  }

  it("matches node width, root, left, right, parent and sibling of every node of every case", () => {
    expect(cases.length).toBe(10)
    let nodesChecked = 0
    for (const v of cases) {
      const n = v.n_leaves
      expect(t.nodeWidth(n)).toBe(v.n_nodes)
      expect(t.root(n)).toBe(v.root)
      for (let x = 0; x < v.n_nodes; x++) {
        expect([orNull(() => t.left(x)), orNull(() => t.right(x))]).toEqual([v.left[x], v.right[x]])
        expect([orNull(() => t.parent(x, n)), orNull(() => t.sibling(x, n))]).toEqual([v.parent[x], v.sibling[x]])
        nodesChecked++
      }
    }
    expect(nodesChecked).toBe(cases.reduce((a, v) => a + v.n_nodes, 0))
  })

  it("derives direct paths and copaths that agree with the parent and sibling tables", () => {
    const v = cases.find((k) => k.n_leaves === 32)!
    for (let x = 0; x < v.n_nodes; x++) {
      const path: number[] = []
      const co: number[] = []
      for (let y = x; v.parent[y] !== null; y = v.parent[y]!) {
        path.push(v.parent[y]!)
        co.push(v.sibling[y]!)
      }
      expect(t.directPath(x, 32)).toEqual(path)
      expect(t.copath(x, 32)).toEqual(co)
      for (const p of path) expect(t.inSubtree(x, p)).toBe(true)
      if (co.length > 0) expect(t.inSubtree(x, co[0]!)).toBe(false)
    }
  })
})

interface TreeValidationCase {
  cipher_suite: number; tree: string; group_id: string; tree_hashes: string[]; resolutions: number[][]
}

describe("tree-validation.json", () => {
  const cases = loadVectorFile<TreeValidationCase[]>("mls/tree-validation.json")

  it("holds 14 trees for each of the cipher suites 1–7", () => {
    expect(cases.length).toBe(98)
    for (let cs = 1; cs <= 7; cs++) expect(cases.filter((v) => v.cipher_suite === cs).length, `cs=${cs}`).toBe(14)
  })

  it.each([1, 2, 3, 4, 5, 6, 7])("cs=%i: resolutions, tree hashes, parent hashes and leaf signatures", (cs) => {
    const suite = suiteOf(cs)
    let passed = 0
    for (const [i, v] of cases.entries()) {
      if (v.cipher_suite !== cs) continue
      const tree = treeOf(v.tree)
      expect(tree.nodes.length, `#${i}`).toBe(v.tree_hashes.length)
      const hashes = t.treeHashes(suite, tree)
      expect(hashes.map(toHex), `#${i} tree hashes`).toEqual(v.tree_hashes)
      expect(v.resolutions.map((_, x) => t.resolution(tree, x)), `#${i} resolutions`).toEqual(v.resolutions)
      expect(t.verifyParentHashes(suite, tree, hashes), `#${i} parent hashes`).toEqual([])
      expect(t.verifyLeafSignatures(suite, tree, hex(v.group_id)), `#${i} signatures`).toEqual([])
      passed++
    }
    expect(passed).toBe(14)
  })

  it("filters from each direct path exactly the nodes whose copath child has an empty resolution", () => {
    let filtered = 0
    for (const k of cases.filter((c) => c.cipher_suite === 1)) {
      const tree = treeOf(k.tree)
      for (let leaf = 0; leaf < tree.nLeaves; leaf++) {
        const x = t.leafToNode(leaf)
        const path = t.directPath(x, tree.nLeaves)
        const co = t.copath(x, tree.nLeaves)
        const expected = path.filter((_, i) => t.resolution(tree, co[i]!).length > 0)
        expect(t.filteredDirectPath(tree, t.nodeToLeaf(x))).toEqual(expected)
        filtered += path.length - expected.length
      }
    }
    expect(filtered).toBeGreaterThan(0)
  })

  const parents = (k: TreeValidationCase) => treeOf(k.tree).nodes.filter((n) => n?.nodeType === "parent").length
  const v = cases.find((k) => k.cipher_suite === 1 && parents(k) > 2)!
  const suite = suiteOf(1)

  it("reports a leaf whose signature was altered, and a signature checked under another group_id", () => {
    const tree = treeOf(v.tree)
    const leaf = t.leafAt(tree, 1)!
    const signature = Uint8Array.from(leaf.signature)
    signature[5] = signature[5]! ^ 1
    const nodes = tree.nodes.slice()
    nodes[2] = { nodeType: "leaf", leafNode: { ...leaf, signature } }
    expect(t.verifyLeafSignatures(suite, { ...tree, nodes }, hex(v.group_id))).toEqual([1])
    expect(t.verifyLeafSignatures(suite, tree, Uint8Array.of(1, 2, 3)).length).toBeGreaterThan(0)
  })

  it("reports a parent node whose parent_hash or encryption_key was altered", () => {
    const tree = treeOf(v.tree)
    const x = tree.nodes.findIndex((n) => n?.nodeType === "parent")
    const p = t.parentAt(tree, x)!
    const flip = (b: Uint8Array) => Uint8Array.from(b, (byte, i) => (i === 0 ? byte ^ 1 : byte))
    for (const changed of [{ ...p, encryptionKey: flip(p.encryptionKey) }, { ...p, parentHash: flip(p.parentHash) }]) {
      const nodes = tree.nodes.slice()
      nodes[x] = { nodeType: "parent", parentNode: changed }
      const mutated = { ...tree, nodes }
      const bad = t.verifyParentHashes(suite, mutated).map((f) => f.node)
      expect(bad.length).toBeGreaterThan(0)
      expect(toHex(t.treeHash(suite, mutated))).not.toBe(v.tree_hashes[t.root(tree.nLeaves)])
    }
  })

  it("rejects a ratchet_tree that is empty, ends blank or puts a node at the wrong position", () => {
    const list = mustDecode(c.ratchetTreeCodec, hex(v.tree))
    expect(t.treeFromRatchetTree([])).toMatchObject({ ok: false, detail: "ratchet_tree is empty" })
    const endsBlank = t.treeFromRatchetTree([...list, undefined])
    expect(endsBlank).toMatchObject({ ok: false, detail: "ratchet_tree ends with a blank node" })
    expect(t.treeFromRatchetTree([list[1], ...list.slice(1)])).toMatchObject({ ok: false })
  })
})

interface TreeOperationsCase {
  cipher_suite: number; tree_before: string; proposal: string; proposal_sender: number
  tree_hash_before: string; tree_after: string; tree_hash_after: string
}

describe("tree-operations.json", () => {
  const cases = loadVectorFile<TreeOperationsCase[]>("mls/tree-operations.json")

  function apply(tree: t.Tree, p: c.Proposal, sender: number): t.Tree {
    switch (p.proposalType) {
      case "add": return t.applyAdd(tree, p.keyPackage.leafNode).tree
      case "update": return t.applyUpdate(tree, sender, p.leafNode)
      case "remove": return t.applyRemove(tree, p.removed)
      default: throw new Error(`unexpected ${p.proposalType} proposal`)
    }
  }

  it("applies each Add, Update and Remove to the serialized tree and tree hash of the vector", () => {
    expect(cases.length).toBe(5)
    const kinds: string[] = []
    for (const [i, v] of cases.entries()) {
      const suite = suiteOf(v.cipher_suite)
      const before = treeOf(v.tree_before)
      expect(toHex(t.treeHash(suite, before)), `#${i} before`).toBe(v.tree_hash_before)
      const proposal = mustDecode(c.proposalCodec, hex(v.proposal))
      const after = apply(before, proposal, v.proposal_sender)
      expect(toHex(c.encodeRatchetTree(t.toRatchetTree(after))), `#${i} tree_after`).toBe(v.tree_after)
      expect(toHex(t.treeHash(suite, after)), `#${i} tree_hash_after`).toBe(v.tree_hash_after)
      kinds.push(proposal.proposalType)
    }
    expect(new Set(kinds)).toEqual(new Set(["add", "update", "remove"]))
  })

  it("extends a full tree on Add and truncates a blank right half on Remove", () => {
    const tree = treeOf(cases[0]!.tree_before)
    const leaf = t.leafAt(tree, 0)!
    let full = tree
    for (let i = 0; i < tree.nLeaves && full.nodes.some((n, x) => x % 2 === 0 && n === undefined); i++) {
      full = t.applyAdd(full, leaf).tree
    }
    expect(full.nLeaves).toBe(tree.nLeaves)
    const grown = t.applyAdd(full, leaf)
    expect(grown.tree.nLeaves).toBe(full.nLeaves * 2)
    expect(grown.leafIndex).toBe(full.nLeaves)
    expect(t.applyRemove(grown.tree, grown.leafIndex).nLeaves).toBe(full.nLeaves)
  })
})
