/**
 * Deterministic synthetic ratchet trees for the scaling benches: N KeyPackage-sourced Ed25519 leaves
 * (suite 1, basic credentials) and blank parents, the shape an add-only commit leaves behind. All
 * keys come from SHA-256 of a fixed seed and the leaf index, so every run validates the same bytes.
 */
import { createHash } from "node:crypto"
import {
  encodeLeafNodeTbs, encodeRatchetTree, type LeafNode, type RatchetTree,
} from "../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../harness/protocol/mls/crypto/suites.ts"
import { signWithLabel } from "../harness/protocol/mls/crypto/labeled.ts"
import { nodeWidth, treeFromRatchetTree, treeHash } from "../harness/protocol/mls/tree/index.ts"

export interface SynthTree {
  leaves: number
  /** The encoded ratchet_tree (TLS vector of optional<Node>). */
  bytes: Uint8Array
  groupId: Uint8Array
  /** Root tree hash, as a GroupInfo would carry it. */
  treeHash: Uint8Array
}

const seeded = (seed: string, label: string, i: number) =>
  new Uint8Array(createHash("sha256").update(`${seed}/${label}/${i}`).digest())

/** Builds and signs an N-leaf tree from `seed` (same seed and N, same bytes). */
export function synthTree(leaves: number, seed = "e2ee-conformance bench"): SynthTree {
  const suite = cipherSuite(1)!
  const list: RatchetTree = new Array(nodeWidth(leaves)).fill(undefined)
  for (let i = 0; i < leaves; i++) {
    const priv = seeded(seed, "sig", i)
    const leaf: LeafNode = {
      encryptionKey: suite.hpkePublicKey(seeded(seed, "enc", i))!,
      signatureKey: suite.signaturePublicKey(priv)!,
      credential: { credentialType: 1, identity: new TextEncoder().encode(`member-${i}`) },
      capabilities: { versions: [1], cipherSuites: [1], extensions: [], proposals: [], credentials: [1] },
      leafNodeSource: "key_package", lifetime: { notBefore: 0n, notAfter: 2n ** 63n },
      extensions: [], signature: new Uint8Array(0),
    } as LeafNode
    leaf.signature = signWithLabel(suite, priv, "LeafNodeTBS", encodeLeafNodeTbs(leaf))
    list[2 * i] = { nodeType: "leaf", leafNode: leaf }
  }
  const built = treeFromRatchetTree(list)
  if (!built.ok) throw new Error(`synthetic tree is malformed: ${built.detail}`)
  return {
    leaves, bytes: encodeRatchetTree(list), groupId: seeded(seed, "group", leaves).subarray(0, 16),
    treeHash: treeHash(suite, built.tree),
  }
}
