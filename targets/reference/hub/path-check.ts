import {
  decodeGroupInfo, decodeMlsMessage, decodeRatchetTree, type Sender,
} from "../../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../../harness/protocol/mls/crypto/suites.ts"
import { applyProposals, type SourcedProposal } from "../../../harness/protocol/mls/passive/proposals.ts"
import { requiredCapabilitiesOf } from "../../../harness/protocol/mls/passive/state.ts"
import { mergeUpdatePath } from "../../../harness/protocol/mls/passive/update-path.ts"
import { applyAdd, treeFromRatchetTree } from "../../../harness/protocol/mls/tree/index.ts"
import { notAllowed, type Refusal } from "./commit-check.ts"

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** The proposal and sender of a cached PublicMessage proposal, as the oracle reads it. */
function cachedProposal(raw: Uint8Array): SourcedProposal | undefined {
  const m = decodeMlsMessage(raw)
  if (!m.ok || m.value.wireFormat !== "mls_public_message") return undefined
  const content = m.value.publicMessage.content
  return content.contentType === "proposal" ? { proposal: content.proposal, sender: content.sender } : undefined
}

/**
 * What a hub that holds no group secrets can check of a commit's UpdatePath against its copy of the
 * public ratchet tree (RFC 9420 §7.3, §7.9, §12.4.2): the commit's proposals applied in order, then a
 * path as long as the committer's filtered direct path, a new leaf with source commit and a valid
 * signature, and a leaf parent_hash that matches the parent-hash chain of the path's public keys.
 * Membership tag and encrypted path secrets need the epoch's secrets: the members check those.
 * `cached` maps hex ProposalRef to the cached proposal message. Undefined when the path holds.
 */
export function checkUpdatePath(
  commitBytes: Uint8Array, groupInfoBytes: Uint8Array, treeBytes: Uint8Array, cached: Map<string, Uint8Array>,
): Refusal | undefined {
  const gi = decodeGroupInfo(groupInfoBytes)
  const list = decodeRatchetTree(treeBytes)
  const built = list.ok ? treeFromRatchetTree(list.value) : undefined
  if (!gi.ok || !built?.ok) throw new Error("the hub's stored GroupInfo or ratchet tree does not decode")
  const gc = gi.value.groupContext
  const cs = cipherSuite(gc.cipherSuite)
  if (!cs) return notAllowed(`cipher suite ${gc.cipherSuite} is not supported`)
  const m = decodeMlsMessage(commitBytes)
  if (!m.ok || m.value.wireFormat !== "mls_public_message") return notAllowed("not a PublicMessage commit")
  const content = m.value.publicMessage.content
  if (content.contentType !== "commit") return notAllowed("not a commit")
  const committer: Sender = content.sender
  const sourced: SourcedProposal[] = []
  for (const p of content.commit.proposals) {
    const hit = p.type === "proposal" ? { proposal: p.proposal, sender: committer } : cachedProposal(
      cached.get(hex(p.reference)) ?? new Uint8Array(0))
    if (!hit) return notAllowed("commit references a proposal the hub does not hold")
    sourced.push(hit)
  }
  const applied = applyProposals(cs, built.tree, gc.groupId, gc.extensions, sourced)
  if (!applied.ok) return notAllowed(`${applied.rule}: ${applied.detail}`)
  const path = content.commit.path
  const external = committer.senderType === "new_member_commit"
  // Path-required (§17.4) is left to the members: ts-mls commits GroupContextExtensions without a path.
  if (path === undefined) return external ? notAllowed("an external commit needs an UpdatePath") : undefined
  let tree = applied.value.tree
  let leaf = committer.senderType === "member" ? committer.leafIndex : -1
  if (external) ({ tree, leafIndex: leaf } = applyAdd(tree, path.leafNode))
  if (leaf < 0) return notAllowed(`a ${committer.senderType} sender cannot commit`)
  const merged = mergeUpdatePath(cs, tree, leaf, path, gc.groupId, requiredCapabilitiesOf(applied.value.extensions))
  return merged.ok ? undefined : notAllowed(`UpdatePath refused (${merged.rule}): ${merged.detail}`)
}
