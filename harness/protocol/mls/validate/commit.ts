import type { UpdatePath } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { leafAt } from "../tree/tree.ts"
import { validateProposalList, type CommitContext, type ListedProposal } from "./proposal-list.ts"
import { hexOf, violation, type Violation } from "./rules.ts"

/** Proposal types that require an UpdatePath (§12.4, §17.4 "Path Required"). */
const PATH_REQUIRED = new Set(["update", "remove", "external_init", "group_context_extensions"])

/** Commit validation (§12.4.2): the proposal list, whether a path is required, and the path leaf's new key. */
export function validateCommit(
  suite: CipherSuite, commit: { proposals: readonly ListedProposal[]; path?: UpdatePath }, ctx: CommitContext,
): Violation[] {
  const out = validateProposalList(suite, commit.proposals, ctx)
  const { proposals, path } = commit
  const required = proposals.length === 0 || proposals.some((p) => PATH_REQUIRED.has(p.proposal.proposalType))
  if (required && path === undefined) {
    const why = proposals.length === 0 ? "an empty commit" : "Update, Remove, ExternalInit or GroupContextExtensions"
    out.push(violation("mls.commit.path-required", `no UpdatePath in ${why}`))
  }
  const own = ctx.committer.senderType === "member" ? leafAt(ctx.tree, ctx.committer.leafIndex) : undefined
  if (path !== undefined && own !== undefined && hexOf(own.encryptionKey) === hexOf(path.leafNode.encryptionKey)) {
    out.push(violation("mls.commit.path-leaf-key-changed", "the UpdatePath leaf keeps the committer's encryption_key"))
  }
  return out
}
