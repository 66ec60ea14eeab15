import type { ClientState, Proposal } from "ts-mls"
import { encodeGroupInfo } from "ts-mls/groupInfo.js"
import { decodeKeyPackage } from "ts-mls/keyPackage.js"
import { encodeWelcome as tsEncodeWelcome } from "ts-mls/welcome.js"
import { signWithLabel } from "../../../harness/protocol/mls/crypto/labeled.ts"
import { CredentialType } from "../../../harness/protocol/mls/codec/enums.ts"
import {
  decodeKeyMaterialResponse, decodeUpdateRoomResponse, encodeKeyMaterialRequest, encodeKeyMaterialRequestTbs,
  encodeUpdateRequest, type KeyMaterialRequestTbs,
} from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import {
  commit, createRoomGroup, encodeTree, groupInfoOf, newKeyPackage, proposal, SUITE_ID, credentialOf, rawSignKey,
} from "../mls/engine.ts"
import { domainOf, groupIdOf, parseUri, roomUri, userOfClient, uriToPath } from "../uris.ts"
import { encodeKeyPackage, strictGroupInfo, strictTree, strictWelcome, toStrictMessage } from "../wire/mls.ts"
import { identityOf, inboxHead, loadState, saveState, UserError, withClientLock } from "./clients.ts"
import { BANNED_ROLE, participantListOf, replaceParticipants, roomExtensions } from "./room-extensions.ts"

const said = (body: Uint8Array) => Buffer.from(body).toString()
const ADMIN = 1
const MEMBER = 0

/** Creates a room hosted here, with `creator`'s user as its first participant (admin). */
export async function createRoom(ctx: ProviderContext, creator: string, name: string): Promise<string> {
  const room = roomUri(ctx.domain, name)
  const user = userOfClient(creator)
  if (!parseUri(room)) throw new UserError(`invalid room name ${JSON.stringify(name)}`)
  if (!user || domainOf(creator) !== ctx.domain) throw new UserError(`${creator} is not a client of ${ctx.domain}`)
  if (ctx.db.prepare("SELECT 1 FROM rooms WHERE id = ?").get(room)) throw new UserError(`room ${room} exists`)
  const id = identityOf(ctx.db, creator)
  const now = BigInt(Math.floor(Date.now() / 1000))
  const kp = await newKeyPackage(id, now - 3600n, now + 30n * 24n * 3600n)
  const ext = roomExtensions(ctx.domain, ctx.keys.frankPub, [{ user, roleIndex: ADMIN }])
  const state = await createRoomGroup(groupIdOf(room), kp, ext)
  const gi = encodeGroupInfo(await groupInfoOf(state))
  ctx.db.transaction(() => {
    ctx.db.prepare("INSERT INTO rooms (id, group_id, epoch, group_info, tree, created_at) VALUES (?, ?, 0, ?, ?, ?)")
      .run(room, groupIdOf(room), gi, encodeTree(state.ratchetTree), Date.now())
    ctx.db.prepare("INSERT INTO participants (room_id, user_uri, role, state) VALUES (?, ?, ?, 'active')")
      .run(room, user, ADMIN)
    ctx.db.prepare("INSERT INTO members (room_id, leaf, client_uri) VALUES (?, 0, ?)").run(room, creator)
    saveState(ctx.db, creator, room, state, inboxHead(ctx.db) + 1)
  })()
  return room
}

/** The hub's answer to a commit, as the driver reports it. */
export interface CommitResult { epoch: number; acceptedTimestamp: number }

/** Commits `proposals` from `actor` and sends the bundle to the room's hub; keeps the new state only on success. */
export async function commitAndSend(
  ctx: ProviderContext, actor: string, room: string, proposals: Proposal[],
): Promise<CommitResult> {
  return withClientLock(actor, room, async () => {
    const state = loadState(ctx.db, actor, room)
    if (!state) throw new UserError(`${actor} is not in ${room}`)
    const out = await commit(state, proposals)
    const bundle = encodeUpdateRequest({
      kind: "commit", proposalOrCommit: toStrictMessage(out.commit),
      ...(out.welcome ? { welcome: strictWelcome(tsEncodeWelcome(out.welcome)) } : {}),
      groupInfoOption: { representation: "full", groupInfo: strictGroupInfo(encodeGroupInfo(out.groupInfo)) },
      ratchetTreeOption: { representation: "full", ratchetTree: strictTree(out.tree) },
    })
    const epoch = Number(out.newState.groupContext.epoch)
    return sendUpdate(ctx, room, bundle, () => saveState(ctx.db, actor, room, out.newState), epoch)
  })
}

async function sendUpdate(
  ctx: ProviderContext, room: string, bundle: Uint8Array, onSuccess: () => void, epoch: number,
): Promise<CommitResult> {
  const res = await ctx.toHub(domainOf(room) ?? "", "POST", `/v1/update/${uriToPath(room)}`, bundle)
  if (res.status !== 200) throw new UserError(`update refused with HTTP ${res.status}: ${said(res.body)}`)
  const parsed = decodeUpdateRoomResponse(res.body)
  if (!parsed.ok) throw new UserError("hub answered a malformed UpdateRoomResponse")
  const r = parsed.value
  if (r.responseCode !== "success") {
    throw new UserError(`hub refused the commit: ${r.responseCode} ${r.errorDescription}`)
  }
  onSuccess()
  return { epoch, acceptedTimestamp: Number(r.acceptedTimestamp) }
}

/** Claims KeyPackages for every client of `target` through the room's hub (-06 §5.3). */
async function claimKeyPackages(ctx: ProviderContext, actor: string, room: string, target: string) {
  const id = identityOf(ctx.db, actor)
  const base: KeyMaterialRequestTbs = {
    protocol: "mls10", requestingUser: userOfClient(actor) ?? "", targetUser: target, roomId: room,
    acceptableCiphersuites: [SUITE_ID],
    requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [] },
    requesterSignatureKey: id.publicKey,
    requesterCredential: { credentialType: CredentialType.basic, identity: credentialOf(actor).identity },
  }
  const tbs = encodeKeyMaterialRequestTbs(base)
  const signature = signWithLabel(ctx.suite, rawSignKey(id.signKey), "KeyMaterialRequestTBS", tbs)
  const body = encodeKeyMaterialRequest({ ...base, signature })
  const res = await ctx.toHub(domainOf(room) ?? "", "POST", `/v1/keyMaterial/${uriToPath(target)}`, body)
  if (res.status !== 200) throw new UserError(`keyMaterial refused with HTTP ${res.status}: ${said(res.body)}`)
  const parsed = decodeKeyMaterialResponse(res.body)
  if (!parsed.ok) throw new UserError("malformed KeyMaterialResponse")
  const kps = parsed.value.clients.flatMap((c) => (c.clientStatus === "success" ? [c.keyPackage] : []))
  if (kps.length === 0) throw new UserError(`no KeyPackages for ${target}: ${parsed.value.userStatus}`)
  return kps.map((strictKp) => {
    const kp = decodeKeyPackage(encodeKeyPackage(strictKp), 0)
    if (!kp) throw new UserError("undecodable KeyPackage in KeyMaterialResponse")
    return kp[0]
  })
}

/** Adds `target` to the participant list and all of its clients to the group, in one commit. */
export async function addParticipant(
  ctx: ProviderContext, actor: string, room: string, target: string,
): Promise<CommitResult & { clients: number }> {
  const state = loadState(ctx.db, actor, room)
  if (!state) throw new UserError(`${actor} is not in ${room}`)
  const list = participantListOf(state.groupContext.extensions) ?? []
  const known = list.find((p) => p.user === target)
  if (known?.roleIndex === BANNED_ROLE) throw new UserError(`${target} is banned from ${room}`)
  if (known) throw new UserError(`${target} is already a participant`)
  const kps = await claimKeyPackages(ctx, actor, room, target)
  const extensions = replaceParticipants(state.groupContext.extensions, [...list, { user: target, roleIndex: MEMBER }])
  const proposals: Proposal[] = [
    { proposalType: "group_context_extensions", groupContextExtensions: { extensions } },
    ...kps.map((keyPackage): Proposal => ({ proposalType: "add", add: { keyPackage } })),
  ]
  return { ...(await commitAndSend(ctx, actor, room, proposals)), clients: kps.length }
}

/**
 * Removes `target` from the participant list and every one of its clients from the group, in one commit.
 * With `ban`, the user stays in the list with the banned role instead (-06 §5.3).
 */
export async function removeParticipant(
  ctx: ProviderContext, actor: string, room: string, target: string, ban = false,
): Promise<CommitResult & { clients: number }> {
  const state = loadState(ctx.db, actor, room)
  if (!state) throw new UserError(`${actor} is not in ${room}`)
  const list = participantListOf(state.groupContext.extensions) ?? []
  if (!list.some((p) => p.user === target && p.roleIndex !== BANNED_ROLE)) {
    throw new UserError(`${target} is not a participant`)
  }
  const leaves = leavesOf(state, target)
  const next = ban
    ? list.map((p) => (p.user === target ? { user: target, roleIndex: BANNED_ROLE } : p))
    : list.filter((p) => p.user !== target)
  const extensions = replaceParticipants(state.groupContext.extensions, next)
  const proposals: Proposal[] = [
    { proposalType: "group_context_extensions", groupContextExtensions: { extensions } },
    ...leaves.map((removed): Proposal => ({ proposalType: "remove", remove: { removed } })),
  ]
  return { ...(await commitAndSend(ctx, actor, room, proposals)), clients: leaves.length }
}

/** Leaf indices of every client of `user` in the group. */
function leavesOf(state: ClientState, user: string): number[] {
  const out: number[] = []
  state.ratchetTree.forEach((n, i) => {
    const cred = n?.nodeType === "leaf" ? n.leaf.credential : undefined
    const client = cred?.credentialType === "basic" ? new TextDecoder().decode(cred.identity) : ""
    if (i % 2 === 0 && userOfClient(client) === user) {
      out.push(i / 2)
    }
  })
  return out
}

/**
 * Leaves a room by proposals only (-06 §7.5 self-leave): Removes of all of the user's clients and the
 * participant-list change, sent as one HandshakeBundle; the hub caches them for the next committer.
 */
export async function leaveRoom(
  ctx: ProviderContext, client: string, room: string,
): Promise<{ acceptedTimestamp: number }> {
  return withClientLock(client, room, async () => {
    let state = loadState(ctx.db, client, room)
    if (!state) throw new UserError(`${client} is not in ${room}`)
    const user = userOfClient(client)
    const list = participantListOf(state.groupContext.extensions) ?? []
    const extensions = replaceParticipants(state.groupContext.extensions, list.filter((p) => p.user !== user))
    const props: Proposal[] = [
      { proposalType: "group_context_extensions", groupContextExtensions: { extensions } },
      ...leavesOf(state, user ?? "").map((removed): Proposal => ({ proposalType: "remove", remove: { removed } })),
    ]
    const messages = []
    for (const p of props) {
      const out = await proposal(state, p)
      state = out.newState
      messages.push(toStrictMessage(out.message))
    }
    const [first, ...more] = messages
    const bundle = encodeUpdateRequest({ kind: "proposal", proposalOrCommit: first!, moreProposals: more })
    const next = state
    const epoch = Number(state.groupContext.epoch)
    const r = await sendUpdate(ctx, room, bundle, () => saveState(ctx.db, client, room, next), epoch)
    return { acceptedTimestamp: r.acceptedTimestamp }
  })
}

/** Commits whatever proposals the client holds (e.g. a participant's self-leave), nothing else. */
export function commitPending(ctx: ProviderContext, client: string, room: string): Promise<CommitResult> {
  return commitAndSend(ctx, client, room, [])
}
