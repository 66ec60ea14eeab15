import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeRatchetTree, type Node, type RatchetTree } from "../../harness/protocol/mls/codec/index.ts"
import { fromHex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { LeafSignaturePool, root, treeFromRatchetTree } from "../../harness/protocol/mls/tree/index.ts"
import {
  validateRatchetTree, validateRatchetTreeParallel, type RatchetTreeContext,
} from "../../harness/protocol/mls/validate/index.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

interface TreeValidationCase { cipher_suite: number; tree: string; group_id: string; tree_hashes: string[] }
const cases = loadVectorFile<TreeValidationCase[]>("mls/tree-validation.json")

function inputs(c: TreeValidationCase): { list: RatchetTree; ctx: RatchetTreeContext } {
  const list = decodeRatchetTree(fromHex(c.tree))
  if (!list.ok) throw new Error(list.error.code)
  const built = treeFromRatchetTree(list.value)
  if (!built.ok) throw new Error(built.detail)
  const treeHash = fromHex(c.tree_hashes[root(built.tree.nLeaves)]!)
  return { list: list.value, ctx: { groupId: fromHex(c.group_id), treeHash } }
}

/** The tree with the signature of leaf `leafIndex` altered. */
function badSignature(list: RatchetTree, leafIndex: number): RatchetTree {
  const n = list[leafIndex * 2]
  if (n?.nodeType !== "leaf") throw new Error(`leaf ${leafIndex} is blank`)
  const signature = n.leafNode.signature.map((b, i) => (i === 3 ? b ^ 1 : b))
  return list.map((m, x) => (x === leafIndex * 2 ? { nodeType: "leaf", leafNode: { ...n.leafNode, signature } } : m))
}

let pool: LeafSignaturePool
beforeAll(async () => {
  pool = await LeafSignaturePool.start(2)
}, 60_000)
afterAll(() => pool.close())

describe("validateRatchetTreeParallel gives the single-thread validator's violations", () => {
  const picked = [1, 2, 3, 4, 5, 6, 7].map((cs) => cases.filter((c) => c.cipher_suite === cs)[cs % 14]!)

  const named = picked.map((c) => [`cs=${c.cipher_suite}`, c] as const)
  it.each(named)("%s: valid, then a bad leaf signature", async (_id, c) => {
    const suite = cipherSuite(c.cipher_suite)!
    const { list, ctx } = inputs(c)
    expect(await validateRatchetTreeParallel(suite, list, ctx, pool)).toEqual([])
    const mutated = badSignature(list, 0)
    const single = validateRatchetTree(suite, mutated, ctx)
    expect(single.map((v) => v.rule)).toContain("mls.leaf-node.signature-valid")
    expect(await validateRatchetTreeParallel(suite, mutated, ctx, pool)).toEqual(single)
  })

  it("a wrong tree hash and a malformed tree, with a pool of its own", async () => {
    const c = picked[0]!
    const suite = cipherSuite(c.cipher_suite)!
    const { list, ctx } = inputs(c)
    const wrong = { ...ctx, treeHash: ctx.treeHash.map((b) => b ^ 1) }
    const single = validateRatchetTree(suite, badSignature(list, 0), wrong)
    expect(single.map((v) => v.rule))
      .toEqual(expect.arrayContaining(["mls.ratchet-tree.tree-hash-matches", "mls.leaf-node.signature-valid"]))
    expect(await validateRatchetTreeParallel(suite, badSignature(list, 0), wrong)).toEqual(single)
    expect(await validateRatchetTreeParallel(suite, [...list, undefined], ctx, pool))
      .toEqual(validateRatchetTree(suite, [...list, undefined], ctx))
  }, 60_000)
})

describe("LeafSignaturePool", () => {
  it("checks every leaf of a tree spread over several batches and both workers, once", async () => {
    const c = cases.find((k) => k.cipher_suite === 1)!
    const { list } = inputs(c)
    const first = list.find((n): n is Extract<Node, { nodeType: "leaf" }> =>
      n?.nodeType === "leaf" && n.leafNode.leafNodeSource === "key_package")!
    // A key_package leaf's signature does not cover its position, so one leaf may fill the whole tree.
    const leaves = 5000
    const nodes: RatchetTree = Array.from({ length: 2 * leaves - 1 }, (_, x) => (x % 2 === 0 ? first : undefined))
    const wrong = { ...first.leafNode, signature: first.leafNode.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) }
    for (const bad of [4097, 10]) nodes[bad * 2] = { nodeType: "leaf", leafNode: wrong }
    const built = treeFromRatchetTree(nodes)
    if (!built.ok) throw new Error(built.detail)
    const suite = cipherSuite(1)!
    expect(await pool.verifyLeafSignatures(suite, built.tree, new Uint8Array(0))).toEqual([10, 4097])
  }, 60_000)
})
