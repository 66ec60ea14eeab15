import type { Proposal, PublicMessage } from "ts-mls"
import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import {
  decodeUpdateRequest, encodeFanoutMessage, encodeUpdateRoomResponse, type HandshakeBundle, type UpdateRoomResponse,
} from "../../../harness/protocol/mimi/index.ts"
import { bytesEqual } from "../../../harness/protocol/mls/crypto/bytes.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { decodeTree } from "../mls/engine.ts"
import { u8 } from "../store.ts"
import { userOfClient } from "../uris.ts"
import { encodeGroupInfo, encodeRatchetTree, encodeWelcome, messageBytes } from "../wire/mls.ts"
import { acceptCommit, welcomeRoutes, type Pending } from "./accept.ts"
import {
  authenticateSender, decodeGi, notAllowed, planCommit, publicMessage, wrongEpoch, type Refusal,
} from "./commit-check.ts"
import { checkUpdatePath } from "./path-check.ts"
import { handleProposals } from "./proposals.ts"
import { enqueue, fanoutDomains, getRoom, members, participantState, participants, type HubRoom } from "./state.ts"

/** POST /update/{roomId}: a commit or proposals for a room this provider hosts (-06 §5.3). */
export async function handleUpdate(ctx: ProviderContext, roomId: string, body: Uint8Array): Promise<Reply> {
  const room = getRoom(ctx.db, roomId)
  if (!room) return text(404, `no such room: ${roomId}`)
  const parsed = decodeUpdateRequest(body)
  if (!parsed.ok) return text(400, `malformed UpdateRequest: ${formatDecodeError(parsed.error)}`)
  const b = parsed.value
  const res = b.kind === "commit" ? await commit(ctx, room, b) : await handleProposals(ctx, room, b)
  return { status: 200, body: encodeUpdateRoomResponse(res) }
}

type CommitBundle = Extract<HandshakeBundle, { kind: "commit" }>

/**
 * A commit: the first valid one of the room's current epoch is accepted (wrongEpoch otherwise),
 * after the sender, the cached proposals and the whole plan (commit-check.ts) have been checked.
 */
async function commit(ctx: ProviderContext, room: HubRoom, b: CommitBundle): Promise<UpdateRoomResponse> {
  const pm = publicMessage(messageBytes(b.proposalOrCommit))
  if (!pm || pm.content.contentType !== "commit") return notAllowed("not a PublicMessage commit")
  if (!bytesEqual(pm.content.groupId, room.groupId)) return notAllowed("group_id is not this room's group")
  if (pm.content.epoch !== room.epoch) {
    // Seeded fault: a late commit for the epoch just left is fanned out too.
    const late = pm.content.epoch === room.epoch - 1n
    return ctx.faults.has("accept-two-commits-per-epoch") && late ? fanOutLate(ctx, room, b) : wrongEpoch(room)
  }
  const gi = decodeGi(room.groupInfo)
  if (!gi) throw new Error(`stored GroupInfo of ${room.id} does not decode`)
  // Seeded fault skip-commit-validation: neither the signature nor the UpdatePath is checked.
  const validate = !ctx.faults.has("skip-commit-validation")
  const sender = await authenticateSender(pm, gi, decodeTree(room.tree), validate)
  if ("responseCode" in sender) return sender
  const user = userOfClient(sender.client)
  const active = user !== undefined && participantState(ctx.db, room.id, user) === "active"
  if (!active && !ctx.faults.has("deliver-to-removed")) {
    return notAllowed(`${sender.client} does not belong to an active participant`)
  }
  if (pm.content.contentType !== "commit") return notAllowed("not a commit")
  const pending = pendingProposals(ctx, room)
  const resolved = resolveProposals(pm.content.commit.proposals, pending)
  if ("responseCode" in resolved) return resolved
  const cached = new Map([...pending].map(([ref, p]) => [ref, p.raw]))
  const raw = messageBytes(b.proposalOrCommit)
  const badPath = validate ? checkUpdatePath(raw, room.groupInfo, room.tree, cached) : undefined
  if (badPath) return badPath
  if (b.ratchetTreeOption.representation !== "full") return notAllowed("the hub needs the full ratchet tree")
  if (b.groupInfoOption.representation !== "full") return notAllowed("the hub needs the full GroupInfo")
  const plan = await planCommit({
    epoch: room.epoch, groupId: room.groupId, senderClient: sender.client,
    external: pm.content.sender.senderType === "new_member_commit", proposals: resolved,
    oldMembers: members(ctx.db, room.id), participants: participants(ctx.db, room.id),
    oldExtensions: gi.groupContext.extensions,
    groupInfo: encodeGroupInfo(b.groupInfoOption.groupInfo), tree: encodeRatchetTree(b.ratchetTreeOption.ratchetTree),
    ...(b.welcome ? { welcome: encodeWelcome(b.welcome) } : {}),
  })
  if ("responseCode" in plan) return plan
  const routes = welcomeRoutes(ctx, plan)
  if (typeof routes === "string") return notAllowed(routes)
  const ts = acceptCommit(ctx, room, b.proposalOrCommit, plan, routes, [...pending.values()])
  return { responseCode: "success", errorDescription: "", acceptedTimestamp: ts }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** Every proposal the commit names; by-reference ones must be cached, and every cached one named. */
function resolveProposals(
  named: Extract<PublicMessage["content"], { contentType: "commit" }>["commit"]["proposals"],
  pending: Map<string, Pending>,
): Proposal[] | Refusal {
  const used = new Set<string>()
  const unknown: Uint8Array[] = []
  const out: Proposal[] = []
  for (const p of named) {
    if (p.proposalOrRefType === "proposal") out.push(p.proposal)
    else {
      const hit = pending.get(hex(p.reference))
      if (hit) {
        used.add(hex(p.reference))
        out.push(hit.proposal)
      } else unknown.push(p.reference)
    }
  }
  const invalid = (errorDescription: string, invalidProposals: Uint8Array[]): Refusal =>
    ({ responseCode: "invalidProposal", errorDescription, invalidProposals })
  if (unknown.length > 0) return invalid("commit references proposals the hub does not hold", unknown)
  const missing = [...pending.values()].filter((p) => !used.has(hex(p.ref))).map((p) => p.ref)
  if (missing.length > 0) return invalid("commit leaves out proposals the hub accepted for this epoch", missing)
  return out
}

function pendingProposals(ctx: ProviderContext, room: HubRoom): Map<string, Pending> {
  const rows = ctx.db.prepare(
    "SELECT ref, message, accepted_ts FROM pending_proposals WHERE room_id = ? AND epoch = ? ORDER BY accepted_ts",
  ).all(room.id, Number(room.epoch)) as { ref: Buffer; message: Buffer; accepted_ts: number }[]
  const out = new Map<string, Pending>()
  for (const r of rows) {
    const pm = publicMessage(u8(r.message))
    if (pm?.content.contentType !== "proposal") continue
    const entry = { ref: u8(r.ref), proposal: pm.content.proposal, raw: u8(r.message), ts: BigInt(r.accepted_ts) }
    out.set(hex(r.ref), entry)
  }
  return out
}

/** Seeded fault accept-two-commits-per-epoch: fan out a second commit of an epoch without applying it. */
function fanOutLate(ctx: ProviderContext, room: HubRoom, b: CommitBundle): UpdateRoomResponse {
  const ts = ctx.now()
  ctx.db.transaction(() => {
    const message = b.proposalOrCommit
    const fanout = encodeFanoutMessage({ timestamp: ts, kind: "commit", message, externalProposals: [] })
    const to = fanoutDomains(ctx.db, room.id)
    enqueue(ctx.db, { room: room.id, kind: "commit", epoch: room.epoch - 1n, ts, fanout }, to)
  })()
  ctx.kick()
  return { responseCode: "success", errorDescription: "", acceptedTimestamp: ts }
}
