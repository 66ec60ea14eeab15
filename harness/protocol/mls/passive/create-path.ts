import { randomBytes } from "node:crypto"
import {
  encodeGroupContext, encodeLeafNodeTbs, type GroupContext, type LeafNode, type UpdatePath,
} from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { encryptWithLabel, signWithLabel } from "../crypto/labeled.ts"
import { fail, ok, type Outcome } from "../message/outcome.ts"
import { filteredDirectPath, inSubtree, isLeaf, left, resolution, right, treeHash, type Tree } from "../tree/index.ts"
import { nextPathSecret, nodeKeyPair, placePath } from "./update-path.ts"

export interface CreatedPath {
  readonly path: UpdatePath
  readonly tree: Tree
  readonly commitSecret: Uint8Array
  /** Path secret of each node of the filtered direct path, bottom-up. */
  readonly pathSecrets: Uint8Array[]
  readonly leafPrivateKey: Uint8Array
}

export interface CreatePathInput {
  readonly sender: number
  /** The sender's leaf content; source, parent hash, encryption key and signature are replaced. */
  readonly leaf: LeafNode
  readonly signaturePrivateKey: Uint8Array
  /** The provisional GroupContext (next epoch, new extensions); its tree_hash is computed here. */
  readonly groupContext: GroupContext
  readonly addedLeaves?: ReadonlySet<number>
}

/**
 * Creates an UpdatePath for a committer (RFC 9420 §7.5): fresh leaf key, path secrets along the
 * filtered direct path, parent hashes, the signed leaf, and each path secret encrypted to the
 * copath resolution (minus leaves added by the commit) under the provisional GroupContext.
 */
export function createUpdatePath(cs: CipherSuite, tree: Tree, input: CreatePathInput): Outcome<CreatedPath> {
  const { sender } = input
  const leafKeys = cs.deriveKeyPair(new Uint8Array(randomBytes(cs.hashLength)))
  const secrets: Uint8Array[] = []
  const keys: Uint8Array[] = []
  let secret = new Uint8Array(randomBytes(cs.hashLength)) as Uint8Array
  const draft: LeafNode = {
    ...input.leaf, leafNodeSource: "commit", parentHash: new Uint8Array(0), encryptionKey: leafKeys.publicKey,
  }
  for (let i = 0; i < filteredDirectPath(tree, sender).length; i++) {
    secrets.push(secret)
    keys.push(nodeKeyPair(cs, secret).publicKey)
    secret = nextPathSecret(cs, secret)
  }
  const placed = placePath(cs, tree, sender, draft, keys)
  const unsigned: LeafNode = { ...draft, parentHash: placed.leafParentHash }
  const tbs = encodeLeafNodeTbs(unsigned, { groupId: input.groupContext.groupId, leafIndex: sender })
  const signature = signWithLabel(cs, input.signaturePrivateKey, "LeafNodeTBS", tbs)
  const leafNode: LeafNode = { ...unsigned, signature }
  const nodes = placed.tree.nodes.slice()
  nodes[sender * 2] = { nodeType: "leaf", leafNode }
  const next: Tree = { nLeaves: placed.tree.nLeaves, nodes }
  const context = encodeGroupContext({ ...input.groupContext, treeHash: treeHash(cs, next) })
  const added = input.addedLeaves ?? new Set<number>()
  const pathNodes: UpdatePath["nodes"] = []
  for (const [i, p] of placed.filteredPath.entries()) {
    const copathChild = inSubtree(sender * 2, left(p)) ? right(p) : left(p)
    const targets = resolution(next, copathChild).filter((x) => !(isLeaf(x) && added.has(x >>> 1)))
    const encryptedPathSecret = []
    for (const x of targets) {
      const node = next.nodes[x]
      const pub = node?.nodeType === "leaf" ? node.leafNode.encryptionKey : node?.parentNode.encryptionKey
      const sealed = pub && encryptWithLabel(cs, pub, "UpdatePathNode", context, secrets[i]!)
      if (sealed === undefined) return fail("mls.tree-kem.receiver-covered", `node ${x} has no usable public key`)
      encryptedPathSecret.push(sealed)
    }
    pathNodes.push({ encryptionKey: keys[i]!, encryptedPathSecret })
  }
  return ok({
    path: { leafNode, nodes: pathNodes }, tree: next, commitSecret: secret, pathSecrets: secrets,
    leafPrivateKey: leafKeys.privateKey,
  })
}
