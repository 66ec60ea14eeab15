import type {
  Credential, Extension, GroupInfo, MlsPublicMessage, Proposal, PublicMessage, RatchetTree, Welcome,
} from "ts-mls"
import { decodeGroupInfo, verifyGroupInfoSignature } from "ts-mls/groupInfo.js"
import { verifyFramedContentSignature } from "ts-mls/framedContent.js"
import { treeHashRoot } from "ts-mls/treeHash.js"
import { decodeWelcome } from "ts-mls/welcome.js"
import {
  applyParticipantListUpdates, Component, decodeAppDataUpdate, decodeParticipantListUpdate, type ParticipantListUpdate,
  type UserRolePair,
} from "../../../harness/protocol/mimi/index.ts"
import { bytesEqual } from "../../../harness/protocol/mls/crypto/bytes.ts"
import { BANNED_ROLE, dictionaryOf, participantListOf } from "../local/room-extensions.ts"
import { APP_DATA_UPDATE_PROPOSAL, decodeMessage, decodeTree, suite } from "../mls/engine.ts"
import { userOfClient } from "../uris.ts"
import type { Participant } from "./state.ts"

/**
 * Reading: ts-mls 1.6.4 cannot apply AppDataUpdate proposals to the GroupContext, so the reference
 * clients change the participant_list component by replacing the app_data_dictionary with a
 * GroupContextExtensions proposal; the hub derives the ParticipantListUpdate as the difference and
 * refuses any other change to the dictionary (the franking_agent must stay the hub's).
 */
function gceParticipants(before: Extension[], after: Extension[]): UserRolePair[] | string {
  const next = participantListOf(after)
  if (!next) return "GroupContextExtensions without a participant_list component"
  const agent = (e: Extension[]) => dictionaryOf(e)?.find((x) => x.componentId === Component.frankingAgent)?.data
  const a = agent(before)
  const b = agent(after)
  if (!a || !b || !bytesEqual(a, b)) return "GroupContextExtensions may not change the franking_agent"
  const users = new Set(next.map((p) => p.user))
  if (users.size !== next.length) return "participant_list names a user more than once"
  return next
}

/** The ParticipantListUpdate inside an AppDataUpdate proposal body, or why there is none. */
function participantListUpdateOf(data: Uint8Array): ParticipantListUpdate | string {
  const outer = decodeAppDataUpdate(data)
  if (!outer.ok) return `AppDataUpdate does not decode: ${outer.error.code} at ${outer.error.fieldPath}`
  if (outer.value.componentId !== Component.participantList || outer.value.op !== "update") {
    return `AppDataUpdate of component ${outer.value.componentId} is not allowed by the room policy`
  }
  const inner = decodeParticipantListUpdate(outer.value.update)
  if (!inner.ok) return `ParticipantListUpdate does not decode: ${inner.error.code} at ${inner.error.fieldPath}`
  return inner.value
}

/** A refusal in UpdateRoomResponse terms. */
export type Refusal =
  | { responseCode: "notAllowed"; errorDescription: string }
  | { responseCode: "invalidProposal"; errorDescription: string; invalidProposals: Uint8Array[] }

export const notAllowed = (errorDescription: string): Refusal => ({ responseCode: "notAllowed", errorDescription })

export const wrongEpoch = (room: { epoch: bigint }) => ({
  responseCode: "wrongEpoch" as const, errorDescription: `the room is at epoch ${room.epoch}`, currentEpoch: room.epoch,
})

export function publicMessage(raw: Uint8Array): PublicMessage | undefined {
  const m = decodeMessage(raw)
  return m?.wireformat === "mls_public_message" ? (m as MlsPublicMessage).publicMessage : undefined
}

export const identity = (cred: Credential): string =>
  cred.credentialType === "basic" ? new TextDecoder().decode(cred.identity) : ""

export function treeClients(tree: RatchetTree): Map<number, { client: string; signKey: Uint8Array }> {
  const out = new Map<number, { client: string; signKey: Uint8Array }>()
  tree.forEach((node, i) => {
    if (i % 2 === 0 && node?.nodeType === "leaf") {
      out.set(i / 2, { client: identity(node.leaf.credential), signKey: node.leaf.signaturePublicKey })
    }
  })
  return out
}

export function decodeGi(bytes: Uint8Array): GroupInfo | undefined {
  const r = decodeGroupInfo(bytes, 0)
  return r && r[1] === bytes.length ? r[0] : undefined
}

/** Identifies and (unless `verify` is false) authenticates the sender of a handshake message in the current epoch. */
export async function authenticateSender(
  pm: PublicMessage, groupInfo: GroupInfo, tree: RatchetTree, verify = true,
): Promise<{ client: string } | Refusal> {
  const content = pm.content
  let signKey: Uint8Array | undefined
  let client = ""
  if (content.sender.senderType === "member") {
    const leaf = treeClients(tree).get(content.sender.leafIndex)
    if (!leaf) return notAllowed(`sender leaf ${content.sender.leafIndex} is not a member`)
    signKey = leaf.signKey
    client = leaf.client
  } else if (content.sender.senderType === "new_member_commit" && content.contentType === "commit" &&
    content.commit.path) {
    signKey = content.commit.path.leafNode.signaturePublicKey
    client = identity(content.commit.path.leafNode.credential)
  } else return notAllowed(`sender type ${content.sender.senderType} is not accepted`)
  if (!verify) return { client }
  const ok = await verifyFramedContentSignature(signKey, "mls_public_message", content, pm.auth, groupInfo.groupContext,
    (await suite()).signature)
  return ok ? { client } : notAllowed("the FramedContent signature does not verify")
}

export interface CommitPlan {
  newGroupInfo: Uint8Array
  newTree: Uint8Array
  newMembers: Map<number, string>
  /** Users leaving the participant list, users newly banned (given the banned role), users joining it, role changes. */
  removedUsers: string[]
  bannedUsers: string[]
  addedUsers: Participant[]
  roleChanges: Participant[]
  welcome?: { raw: Uint8Array; refs: Uint8Array[] }
}

export interface CommitInput {
  epoch: bigint
  groupId: Uint8Array
  senderClient: string
  external: boolean
  proposals: Proposal[]
  oldMembers: Map<number, string>
  participants: Participant[]
  /** GroupContext extensions of the current epoch. */
  oldExtensions: Extension[]
  groupInfo: Uint8Array
  tree: Uint8Array
  welcome?: Uint8Array
}

/**
 * What a hub can check of a commit without group secrets, besides the UpdatePath (path-check.ts):
 * the participant-list updates, the new GroupInfo (epoch, signature, tree hash) and that the MLS
 * membership after the commit is exactly the old one minus Removes plus Adds, with every member's
 * user an active participant and no client left for a removed user (-06 §5.3, §7.5).
 */
export async function planCommit(c: CommitInput): Promise<CommitPlan | Refusal> {
  const cs = await suite()
  let list: UserRolePair[] = c.participants.map((p) => ({ user: p.user, roleIndex: p.role }))
  const updates: ParticipantListUpdate[] = []
  const expected = new Map(c.oldMembers)
  const added: string[] = []
  for (const p of c.proposals) {
    if (p.proposalType === "remove") {
      if (!expected.delete(p.remove.removed)) {
        return notAllowed(`Remove of leaf ${p.remove.removed}, which is not a member`)
      }
    } else if (p.proposalType === "add") added.push(identity(p.add.keyPackage.leafNode.credential))
    else if (p.proposalType === APP_DATA_UPDATE_PROPOSAL && "proposalData" in p) {
      const upd = participantListUpdateOf(p.proposalData)
      if (typeof upd === "string") return notAllowed(upd)
      updates.push(upd)
    } else if (p.proposalType === "group_context_extensions") {
      const next = gceParticipants(c.oldExtensions, p.groupContextExtensions.extensions)
      if (typeof next === "string") return notAllowed(next)
      list = next
    } else if (!(c.external && p.proposalType === "external_init")) {
      return notAllowed(`proposal type ${String(p.proposalType)} is not allowed by the room policy`)
    }
  }
  const applied = applyParticipantListUpdates(list, updates)
  if (!applied.ok) return notAllowed(applied.detail)
  list = applied.value
  const before = new Map(c.participants.map((p) => [p.user, p.role]))
  const after = new Map(list.map((p) => [p.user, p.roleIndex]))
  const removedUsers = [...before.keys()].filter((u) => !after.has(u))
  const addedUsers = list.filter((p) => !before.has(p.user)).map((p) => ({ user: p.user, role: p.roleIndex }))
  const roleChanges = list.filter((p) => before.has(p.user) && before.get(p.user) !== p.roleIndex)
    .map((p) => ({ user: p.user, role: p.roleIndex }))
  const bannedUsers = list.filter((p) => p.roleIndex === BANNED_ROLE && before.get(p.user) !== BANNED_ROLE)
    .map((p) => p.user)
  const gi = decodeGi(c.groupInfo)
  if (!gi) return notAllowed("GroupInfo does not decode")
  if (!bytesEqual(gi.groupContext.groupId, c.groupId) || gi.groupContext.epoch !== c.epoch + 1n) {
    return notAllowed("GroupInfo is not for the next epoch of this group")
  }
  const tree = decodeTree(c.tree)
  if (!bytesEqual(await treeHashRoot(tree, cs.hash), gi.groupContext.treeHash)) {
    return notAllowed("ratchet tree does not match the GroupInfo tree_hash")
  }
  const leaves = treeClients(tree)
  const signer = leaves.get(gi.signer)
  if (!signer || !(await verifyGroupInfoSignature(gi, signer.signKey, cs.signature))) {
    return notAllowed("GroupInfo signature does not verify")
  }
  const want = [...expected.values(), ...added, ...(c.external ? [c.senderClient] : [])].sort()
  const have = [...leaves.values()].map((l) => l.client).sort()
  if (want.join("\n") !== have.join("\n")) return notAllowed("new ratchet tree does not match the committed proposals")
  // A banned user is listed but may have no client in the group (no re-add by a plain add).
  const active = new Set([...after].filter(([, role]) => role !== BANNED_ROLE).map(([u]) => u))
  for (const client of have) {
    const user = userOfClient(client)
    if (!user || !active.has(user)) {
      return notAllowed(`${client} would be a member but its user is not an active participant`)
    }
  }
  let welcome: CommitPlan["welcome"]
  if (added.length > 0) {
    const w = c.welcome && decodeWelcome(c.welcome, 0)
    if (!w || !c.welcome) return notAllowed("a commit with Add proposals must carry the Welcome")
    welcome = { raw: c.welcome, refs: (w[0] as Welcome).secrets.map((s) => s.newMember) }
  }
  const newMembers = new Map([...leaves].map(([i, l]) => [i, l.client]))
  const plan: CommitPlan = {
    newGroupInfo: c.groupInfo, newTree: c.tree, newMembers, removedUsers, bannedUsers, addedUsers, roleChanges,
  }
  return welcome ? { ...plan, welcome } : plan
}
