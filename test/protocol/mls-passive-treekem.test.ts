import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { decodeRatchetTree, decodeUpdatePath, type GroupContext } from "../../harness/protocol/mls/codec/index.ts"
import { leafAt, treeFromRatchetTree, treeHash, type Tree } from "../../harness/protocol/mls/tree/index.ts"
import { decryptPath, mergeUpdatePath, nodeKeyPair } from "../../harness/protocol/mls/passive/update-path.ts"
import { createUpdatePath } from "../../harness/protocol/mls/passive/create-path.ts"
import type { Outcome } from "../../harness/protocol/mls/message/outcome.ts"

interface TreeKemCase {
  cipher_suite: number; group_id: string; epoch: number; confirmed_transcript_hash: string; ratchet_tree: string
  leaves_private: LeafPrivate[]
  update_paths: UpdatePathCase[]
}

interface LeafPrivate {
  index: number; encryption_priv: string; signature_priv: string; path_secrets: { node: number; path_secret: string }[]
}

interface UpdatePathCase {
  sender: number; update_path: string; path_secrets: (string | null)[]; commit_secret: string; tree_hash_after: string
}
const cases = loadVectorFile<TreeKemCase[]>("mls/treekem.json")

function value<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`${o.rule}: ${o.detail}`)
  return o.value
}

function treeOf(bytes: string): Tree {
  const rt = decodeRatchetTree(fromHex(bytes))
  if (!rt.ok) throw new Error(rt.error.code)
  const t = treeFromRatchetTree(rt.value)
  if (!t.ok) throw new Error(t.detail)
  return t.tree
}

describe("treekem.json", () => {
  it("has 77 cases with 434 update paths", () => {
    expect(cases.length).toBe(77)
    expect(cases.reduce((n, c) => n + c.update_paths.length, 0)).toBe(434)
  })

  const named = cases.map((c, i) => [`cs=${c.cipher_suite} #${i}`, c] as const)
  it.each(named)("%s: every receiver of every path", (_id, c) => {
    const cs = cipherSuite(c.cipher_suite)!
    const tree = treeOf(c.ratchet_tree)
    const privates = new Map(c.leaves_private.map((l) => {
      const keys = new Map<number, Uint8Array>([[l.index * 2, fromHex(l.encryption_priv)]])
      for (const ps of l.path_secrets) keys.set(ps.node, nodeKeyPair(cs, fromHex(ps.path_secret)).privateKey)
      return [l.index, keys] as const
    }))
    let decrypted = 0
    for (const u of c.update_paths) {
      const path = decodeUpdatePath(fromHex(u.update_path))
      if (!path.ok) throw new Error(path.error.code)
      const merged = value(mergeUpdatePath(cs, tree, u.sender, path.value, fromHex(c.group_id)))
      const after = treeHash(cs, merged.tree)
      expect(hex(after)).toBe(u.tree_hash_after)
      const context: GroupContext = {
        version: 1, cipherSuite: c.cipher_suite, groupId: fromHex(c.group_id), epoch: BigInt(c.epoch), treeHash: after,
        confirmedTranscriptHash: fromHex(c.confirmed_transcript_hash), extensions: [],
      }
      for (const [j, keys] of privates) {
        if (j === u.sender || leafAt(tree, j) === undefined) continue
        const got = value(decryptPath(cs, merged.tree, j, path.value, merged.filteredPath, new Set(), keys, context))
        expect(hex(got.pathSecret)).toBe(u.path_secrets[j])
        expect(hex(got.commitSecret)).toBe(u.commit_secret)
        decrypted++
      }
      // A new UpdatePath from the same sender: every other member derives its commit secret.
      const signer = c.leaves_private.find((l) => l.index === u.sender)!
      const created = value(createUpdatePath(cs, tree, {
        sender: u.sender, leaf: leafAt(tree, u.sender)!, signaturePrivateKey: fromHex(signer.signature_priv),
        groupContext: context,
      }))
      const remerged = value(mergeUpdatePath(cs, tree, u.sender, created.path, fromHex(c.group_id)))
      const newContext = { ...context, treeHash: treeHash(cs, remerged.tree) }
      for (const [j, keys] of privates) {
        if (j === u.sender || leafAt(tree, j) === undefined) continue
        const got = value(decryptPath(cs, remerged.tree, j, created.path, remerged.filteredPath, new Set(), keys,
          newContext))
        expect(hex(got.commitSecret)).toBe(hex(created.commitSecret))
      }
    }
    expect(decrypted).toBeGreaterThan(0)
  })

  it("detects a tampered parent hash, a wrong key and a wrong context", () => {
    const c = cases.find((x) => x.update_paths.some((u) => u.path_secrets.filter((s) => s !== null).length > 1))!
    const cs = cipherSuite(c.cipher_suite)!
    const tree = treeOf(c.ratchet_tree)
    const u = c.update_paths[0]!
    const path = decodeUpdatePath(fromHex(u.update_path))
    if (!path.ok) throw new Error(path.error.code)
    const gid = fromHex(c.group_id)
    const flip = (k: Uint8Array) => nodeKeyPair(cs, k).publicKey
    const nodes = path.value.nodes.map((n, i) => (i === 0 ? { ...n, encryptionKey: flip(n.encryptionKey) } : n))
    const bent = { ...path.value, nodes }
    expect(mergeUpdatePath(cs, tree, u.sender, bent, gid))
      .toMatchObject({ ok: false, rule: "mls.tree-kem.parent-hash-valid" })
    expect(mergeUpdatePath(cs, tree, u.sender, { ...path.value, nodes: path.value.nodes.slice(1) }, gid))
      .toMatchObject({ rule: "mls.tree-kem.path-length-valid" })
    expect(mergeUpdatePath(cs, tree, u.sender, path.value, gid.map((b) => b ^ 1)))
      .toMatchObject({ rule: "mls.leaf-node.signature-valid" })
    const merged = value(mergeUpdatePath(cs, tree, u.sender, path.value, gid))
    const l = c.leaves_private.find((x) => x.index !== u.sender && u.path_secrets[x.index] !== null)!
    const keys = new Map([[l.index * 2, fromHex(l.encryption_priv)]])
    for (const ps of l.path_secrets) keys.set(ps.node, nodeKeyPair(cs, fromHex(ps.path_secret)).privateKey)
    const wrongContext: GroupContext = {
      version: 1, cipherSuite: c.cipher_suite, groupId: gid, epoch: BigInt(c.epoch) + 1n,
      treeHash: treeHash(cs, merged.tree),
      confirmedTranscriptHash: fromHex(c.confirmed_transcript_hash), extensions: [],
    }
    expect(decryptPath(cs, merged.tree, l.index, path.value, merged.filteredPath, new Set(), keys, wrongContext))
      .toMatchObject({ rule: "mls.tree-kem.path-secret-decrypts" })
  })
})
