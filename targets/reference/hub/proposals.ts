import { makeProposalRef } from "ts-mls/authenticatedContent.js"
import {
  encodeFanoutMessage, type HandshakeBundle, type UpdateRoomResponse,
} from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { APP_DATA_UPDATE_PROPOSAL, decodeTree, suite } from "../mls/engine.ts"
import { userOfClient } from "../uris.ts"
import { messageBytes } from "../wire/mls.ts"
import { authenticateSender, decodeGi, notAllowed, publicMessage, wrongEpoch } from "./commit-check.ts"
import { enqueue, fanoutDomains, members, participantState, type HubRoom } from "./state.ts"

const ALLOWED = new Set<unknown>(["add", "remove", "group_context_extensions", APP_DATA_UPDATE_PROPOSAL])

/**
 * Proposals (-06 §5.3) are accepted into the epoch's cache and fanned out at once, so they reach
 * every provider before any commit that references them. A cut-off user may only propose Removes of
 * its own clients.
 */
export async function handleProposals(
  ctx: ProviderContext, room: HubRoom, b: Extract<HandshakeBundle, { kind: "proposal" }>,
): Promise<UpdateRoomResponse> {
  const gi = decodeGi(room.groupInfo)
  if (!gi) throw new Error(`stored GroupInfo of ${room.id} does not decode`)
  const tree = decodeTree(room.tree)
  const cs = await suite()
  const accepted: { raw: Uint8Array; ref: Uint8Array }[] = []
  const current = members(ctx.db, room.id)
  for (const m of [b.proposalOrCommit, ...b.moreProposals]) {
    const raw = messageBytes(m)
    const pm = publicMessage(raw)
    if (!pm || pm.content.contentType !== "proposal") return notAllowed("not a PublicMessage proposal")
    if (pm.content.epoch !== room.epoch) return wrongEpoch(room)
    const sender = await authenticateSender(pm, gi, tree)
    if ("responseCode" in sender) return sender
    const user = userOfClient(sender.client)
    const active = user !== undefined && participantState(ctx.db, room.id, user) === "active"
    const p = pm.content.proposal
    const ownRemove = p.proposalType === "remove" && userOfClient(current.get(p.remove.removed) ?? "") === user
    if (!active && !ownRemove) return notAllowed("a removed participant may only propose removing its own clients")
    if (!ALLOWED.has(p.proposalType)) {
      return notAllowed(`proposal type ${String(p.proposalType)} is not allowed by the room policy`)
    }
    const ref = await makeProposalRef({ wireformat: "mls_public_message", content: pm.content, auth: pm.auth }, cs.hash)
    accepted.push({ raw, ref })
  }
  const ts = ctx.now()
  ctx.db.transaction(() => {
    const cache = ctx.db.prepare(
      "INSERT OR IGNORE INTO pending_proposals (room_id, ref, epoch, message, accepted_ts) VALUES (?, ?, ?, ?, ?)",
    )
    for (const a of accepted) cache.run(room.id, a.ref, Number(room.epoch), a.raw, Number(ts))
    // Seeded fault: other providers get the proposals only after the commit that references them.
    const held = ctx.faults.has("commit-before-proposals")
    const to = [...fanoutDomains(ctx.db, room.id)].filter((d) => !held || d === ctx.domain)
    const fanout = encodeFanoutMessage({
      timestamp: ts, kind: "proposal", message: b.proposalOrCommit, moreProposals: b.moreProposals,
    })
    enqueue(ctx.db, { room: room.id, kind: "proposal", epoch: room.epoch, ts, fanout }, to)
  })()
  ctx.kick()
  return { responseCode: "success", errorDescription: "", acceptedTimestamp: ts }
}
