import { encodeGroupContext, type GroupContext, type Sender } from "../codec/index.ts"
import { bytesEqual, hex } from "../crypto/bytes.ts"
import { fail, ok, type Outcome } from "../message/outcome.ts"
import { advanceEpoch, confirmationTag, externalKeyPair } from "../schedule/key-schedule.ts"
import { derivePskSecret, type ResolvedPsk } from "../schedule/psk.ts"
import { SecretTree } from "../schedule/secret-tree.ts"
import { confirmedTranscriptHash, interimTranscriptHash } from "../schedule/transcript.ts"
import { applyAdd, treeHash, type Tree } from "../tree/index.ts"
import { applyProposals, type SourcedProposal } from "./proposals.ts"
import { openMessage, proposalRef, requiredCapabilitiesOf, resolvePsk, type MemberState } from "./state.ts"
import { decryptPath, mergeUpdatePath } from "./update-path.ts"

const EXTERNAL_INIT_LABEL = new TextEncoder().encode("MLS 1.0 external init secret")

/**
 * Processes one Commit with the proposals sent in its epoch (RFC 9420 §12.4.2) and returns the
 * next epoch's state, or the rule the commit breaks. The given state is not modified.
 */
export function processCommit(
  s: MemberState, commitBytes: Uint8Array, proposals: readonly Uint8Array[],
): Outcome<MemberState> {
  const { cs } = s
  const pending = new Map<string, SourcedProposal>()
  for (const [i, bytes] of proposals.entries()) {
    const p = openMessage(s, bytes)
    if (!p.ok) return fail(p.rule, `proposal ${i}: ${p.detail}`)
    if (p.value.content.contentType !== "proposal") {
      return fail("mls.commit.proposal-message", `message ${i} is no proposal`)
    }
    pending.set(hex(proposalRef(cs, p.value)), { proposal: p.value.content.proposal, sender: p.value.content.sender })
  }
  const opened = openMessage(s, commitBytes)
  if (!opened.ok) return opened
  const { content, auth, wireFormat } = opened.value
  if (content.contentType !== "commit") return fail("mls.commit.content-type", `got ${content.contentType}`)
  const committer: Sender = content.sender
  if (committer.senderType !== "member" && committer.senderType !== "new_member_commit") {
    return fail("mls.commit.sender-type", `a ${committer.senderType} sender cannot commit`)
  }
  const list: SourcedProposal[] = []
  for (const p of content.commit.proposals) {
    if (p.type === "proposal") list.push({ proposal: p.proposal, sender: committer })
    else {
      const found = pending.get(hex(p.reference))
      if (found === undefined) return fail("mls.commit.proposal-ref-known", `unknown ProposalRef ${hex(p.reference)}`)
      list.push(found)
    }
  }
  const gc = s.groupContext
  const applied = applyProposals(cs, s.tree, gc.groupId, gc.extensions, list)
  if (!applied.ok) return applied
  const path = content.commit.path
  if ((applied.value.pathRequired || committer.senderType === "new_member_commit") && path === undefined) {
    return fail("mls.commit.path-required", "the commit's proposals require an UpdatePath")
  }
  let tree: Tree = applied.value.tree
  let senderLeaf = committer.senderType === "member" ? committer.leafIndex : -1
  if (committer.senderType === "new_member_commit" && path !== undefined) {
    const joined = applyAdd(tree, path.leafNode)
    tree = joined.tree
    senderLeaf = joined.leafIndex
  }
  const nextContext = (treeHashValue: Uint8Array, confirmed: Uint8Array): GroupContext => ({
    ...gc, epoch: gc.epoch + 1n, treeHash: treeHashValue, confirmedTranscriptHash: confirmed,
    extensions: applied.value.extensions,
  })
  let commitSecret: Uint8Array | undefined
  const privateKeys = new Map([...s.privateKeys].filter(([x]) => tree.nodes[x] !== undefined))
  if (path !== undefined) {
    const required = requiredCapabilitiesOf(applied.value.extensions)
    const merged = mergeUpdatePath(cs, tree, senderLeaf, path, gc.groupId, required)
    if (!merged.ok) return merged
    tree = merged.value.tree
    for (const x of [...privateKeys.keys()]) if (tree.nodes[x] === undefined) privateKeys.delete(x)
    const provisional = nextContext(treeHash(cs, tree), gc.confirmedTranscriptHash)
    const secrets = decryptPath(cs, tree, s.ownLeaf, path, merged.value.filteredPath, applied.value.added,
      privateKeys, provisional)
    if (!secrets.ok) return secrets
    for (const [x, k] of secrets.value.privateKeys) privateKeys.set(x, k)
    commitSecret = secrets.value.commitSecret
  }
  const confirmed = confirmedTranscriptHash(cs, s.interimTranscriptHash, wireFormat, content, auth.signature)
  const newContext = nextContext(treeHash(cs, tree), confirmed)
  let initSecret = s.secrets.initSecret
  if (applied.value.externalInit !== undefined) {
    const external = externalKeyPair(cs, s.secrets.externalSecret)
    const exported = cs.hpkeReceiveExport(external.privateKey, applied.value.externalInit, new Uint8Array(0),
      EXTERNAL_INIT_LABEL, cs.hashLength)
    if (exported === undefined) {
      return fail("mls.commit.external-init-valid", "ExternalInit kem_output does not decapsulate")
    }
    initSecret = exported
  }
  const resolve = resolvePsk(s, gc.groupId)
  const psks: ResolvedPsk[] = []
  for (const id of applied.value.psks) {
    const psk = resolve(id)
    if (psk === undefined) return fail("mls.commit.psk-known", `unknown ${id.pskType} PSK`)
    psks.push({ id, psk })
  }
  const secrets = advanceEpoch(cs, initSecret, commitSecret, derivePskSecret(cs, psks), encodeGroupContext(newContext))
  const tag = auth.confirmationTag
  if (tag === undefined || !bytesEqual(confirmationTag(cs, secrets.confirmationKey, confirmed), tag)) {
    return fail("mls.commit.confirmation-tag-valid", "confirmation_tag does not match the new epoch")
  }
  return ok({
    ...s, groupContext: newContext, tree, privateKeys, secrets,
    interimTranscriptHash: interimTranscriptHash(cs, confirmed, tag),
    secretTree: new SecretTree(cs, secrets.encryptionSecret, tree.nLeaves),
    resumptionPsks: new Map([...s.resumptionPsks, [newContext.epoch, secrets.resumptionPsk]]),
  })
}
