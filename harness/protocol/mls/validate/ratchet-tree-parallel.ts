import type { RatchetTree } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { LeafSignaturePool } from "../tree/signature-pool.ts"
import { treeFromRatchetTree } from "../tree/tree.ts"
import { leafAndStructureChecks, treeHashChecks, type RatchetTreeContext } from "./ratchet-tree.ts"
import { violation, type Violation } from "./rules.ts"

/**
 * validateRatchetTree with the leaf signatures (over 90 % of the cost) verified by worker threads
 * while this thread checks the tree hash and parent hashes. Same violations, in the same order.
 * Pass a started pool to reuse it; otherwise one of two workers is started and closed here.
 */
export async function validateRatchetTreeParallel(
  suite: CipherSuite, list: RatchetTree, ctx: RatchetTreeContext, pool?: LeafSignaturePool,
): Promise<Violation[]> {
  const built = treeFromRatchetTree(list)
  if (!built.ok) return [violation("mls.ratchet-tree.well-formed", built.detail)]
  const workers = pool ?? await LeafSignaturePool.start(2)
  try {
    const signatures = workers.verifyLeafSignatures(suite, built.tree, ctx.groupId)
    const hashes = treeHashChecks(suite, built.tree, ctx)
    const bad = new Set(await signatures)
    return [...hashes, ...leafAndStructureChecks(suite, built.tree, ctx, bad)]
  } finally {
    if (pool === undefined) await workers.close()
  }
}
