/** Verifiers of the ratchet-tree families: tree-validation, tree-operations, treekem. */
import * as c from "../../protocol/mls/codec/index.ts"
import { createUpdatePath } from "../../protocol/mls/passive/create-path.ts"
import { decryptPath, mergeUpdatePath, nodeKeyPair } from "../../protocol/mls/passive/update-path.ts"
import * as t from "../../protocol/mls/tree/index.ts"
import { decoded, Fields, mismatch, same, value, verdictOf, type FamilyVerifier } from "./verdict.ts"

function treeOf(field: string, bytes: Uint8Array): t.Tree {
  const built = t.treeFromRatchetTree(decoded(field, c.ratchetTreeCodec, bytes))
  return built.ok ? built.tree : mismatch(field, "a well-formed ratchet tree", built.detail)
}

export const treeValidation: FamilyVerifier = {
  family: "tree-validation",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const tree = treeOf("tree", f.bytes("tree"))
    const resolutions = f.array("resolutions")
    same("resolutions.length", tree.nodes.length, resolutions.length)
    for (let x = 0; x < resolutions.length; x++) {
      same(resolutions.at.name(x), resolutions.at.raw(x), t.resolution(tree, x))
    }
    const hashes = t.treeHashes(cs, tree)
    const expected = f.array("tree_hashes")
    same("tree_hashes.length", tree.nodes.length, expected.length)
    for (let x = 0; x < expected.length; x++) same(expected.at.name(x), expected.at.bytes(x), hashes[x])
    const badParents = t.verifyParentHashes(cs, tree, hashes).map((p) => p.node)
    same("tree (parent hashes)", "all valid", badParents.length === 0 ? "all valid" : `invalid at nodes ${badParents}`)
    const badLeaves = t.verifyLeafSignatures(cs, tree, f.bytes("group_id"))
    same("tree (leaf signatures)", "all valid", badLeaves.length === 0 ? "all valid" : `invalid at leaves ${badLeaves}`)
  }),
}

function applyProposal(tree: t.Tree, p: c.Proposal, sender: number): t.Tree {
  switch (p.proposalType) {
    case "add": return t.applyAdd(tree, p.keyPackage.leafNode).tree
    case "update": return t.applyUpdate(tree, sender, p.leafNode)
    case "remove": return t.applyRemove(tree, p.removed)
    default: return mismatch("proposal", "an Add, Update or Remove", p.proposalType)
  }
}

export const treeOperations: FamilyVerifier = {
  family: "tree-operations",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const before = treeOf("tree_before", f.bytes("tree_before"))
    same("tree_hash_before", f.bytes("tree_hash_before"), t.treeHash(cs, before))
    const proposal = decoded("proposal", c.proposalCodec, f.bytes("proposal"))
    const after = applyProposal(before, proposal, f.num("proposal_sender"))
    same("tree_after", f.bytes("tree_after"), c.encodeRatchetTree(t.toRatchetTree(after)))
    same("tree_hash_after", f.bytes("tree_hash_after"), t.treeHash(cs, after))
  }),
}

export const treekem: FamilyVerifier = {
  family: "treekem",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const tree = treeOf("ratchet_tree", f.bytes("ratchet_tree"))
    const groupId = f.bytes("group_id")
    const privates = new Map<number, Map<number, Uint8Array>>()
    const signers = new Map<number, Uint8Array>()
    for (const l of f.list("leaves_private")) {
      const index = l.num("index")
      const leafPriv = l.bytes("encryption_priv")
      const keys = new Map<number, Uint8Array>([[index * 2, leafPriv]])
      same(l.name("encryption_priv"), t.leafAt(tree, index)?.encryptionKey ?? "a leaf", cs.hpkePublicKey(leafPriv))
      for (const ps of l.list("path_secrets")) {
        const node = ps.num("node")
        const pair = nodeKeyPair(cs, ps.bytes("path_secret"))
        same(ps.name("path_secret"), t.parentAt(tree, node)?.encryptionKey ?? "a parent node", pair.publicKey)
        keys.set(node, pair.privateKey)
      }
      privates.set(index, keys)
      signers.set(index, l.bytes("signature_priv"))
    }
    /** Every non-blank leaf but the sender's, with its private state: the vector must provide each. */
    const receivers = (sender: number): [number, Map<number, Uint8Array>][] =>
      Array.from({ length: tree.nLeaves }, (_, j) => j)
        .filter((j) => j !== sender && t.leafAt(tree, j) !== undefined)
        .map((j) => [j, privates.get(j) ?? mismatch("leaves_private", `an entry for leaf ${j}`, "none")])
    const contextOf = (treeHash: Uint8Array): c.GroupContext => ({
      version: 1, cipherSuite: cs.id, groupId, epoch: BigInt(f.num("epoch")), treeHash,
      confirmedTranscriptHash: f.bytes("confirmed_transcript_hash"), extensions: [],
    })
    for (const u of f.list("update_paths")) {
      const sender = u.num("sender")
      const path = decoded(u.name("update_path"), c.updatePathCodec, u.bytes("update_path"))
      const merged = value(u.name("update_path"), mergeUpdatePath(cs, tree, sender, path, groupId))
      const after = t.treeHash(cs, merged.tree)
      same(u.name("tree_hash_after"), u.bytes("tree_hash_after"), after)
      const context = contextOf(after)
      const expected = u.array("path_secrets")
      for (const [j, keys] of receivers(sender)) {
        const got = value(expected.at.name(j),
          decryptPath(cs, merged.tree, j, path, merged.filteredPath, new Set(), keys, context))
        same(expected.at.name(j), expected.at.bytes(j), got.pathSecret)
        same(u.name("commit_secret"), u.bytes("commit_secret"), got.commitSecret)
      }
      const signer = signers.get(sender) ?? mismatch(u.name("sender"), "a leaf in leaves_private", String(sender))
      const created = value(`${u.name("update_path")} (new)`, createUpdatePath(cs, tree, {
        sender, leaf: t.leafAt(tree, sender)!, signaturePrivateKey: signer, groupContext: context,
      }))
      const remerged = value(`${u.name("update_path")} (new)`, mergeUpdatePath(cs, tree, sender, created.path, groupId))
      const newContext = contextOf(t.treeHash(cs, remerged.tree))
      for (const [j, keys] of receivers(sender)) {
        const got = value(`${u.name("update_path")} (new) leaf ${j}`,
          decryptPath(cs, remerged.tree, j, created.path, remerged.filteredPath, new Set(), keys, newContext))
        same(`${u.name("update_path")} (new) leaf ${j} commit secret`, created.commitSecret, got.commitSecret)
      }
    }
  }),
}
