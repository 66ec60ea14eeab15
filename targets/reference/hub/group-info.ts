import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import {
  decodeGroupInfoRequest, encodeGroupInfoResponse, sealGroupInfoResponse, verifyGroupInfoRequest,
} from "../../../harness/protocol/mimi/index.ts"
import type { ExternalSender } from "../../../harness/protocol/mls/codec/extension-bodies.ts"
import { CredentialType } from "../../../harness/protocol/mls/codec/enums.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { SUITE_ID } from "../mls/engine.ts"
import { u8 } from "../store.ts"
import { domainOf, userOfClient } from "../uris.ts"
import { strictGroupInfo, strictMessage, strictTree } from "../wire/mls.ts"
import { getRoom, participantState } from "./state.ts"

/**
 * POST /groupInfo/{roomId} (-06 §5.8): GroupInfo, ratchet tree and pending proposals, encrypted to
 * the requester's HPKE key and signed by the hub. Policy (canAddOwnClient): the requesting client
 * must belong to an active participant and be presented by that user's provider. An unknown room is
 * answered notAuthorized, as the draft allows, so room existence does not leak.
 */
export function handleGroupInfo(ctx: ProviderContext, roomId: string, body: Uint8Array, source: string): Reply {
  const parsed = decodeGroupInfoRequest(body)
  if (!parsed.ok) return text(400, `malformed GroupInfoRequest: ${formatDecodeError(parsed.error)}`)
  const req = parsed.value
  const roomIdBytes = new TextEncoder().encode(roomId)
  const notAuthorized = encodeGroupInfoResponse({ protocol: "mls10", roomId: roomIdBytes, status: "notAuthorized" })
  const refuse = (): Reply =>
    ({ status: 200, body: notAuthorized })
  if (req.cipherSuite !== SUITE_ID || !verifyGroupInfoRequest(ctx.suite, req)) {
    return text(403, "GroupInfoRequest signature does not verify (or its cipher suite is not the room's)")
  }
  const room = getRoom(ctx.db, roomId)
  if (!room) return refuse()
  const cred = req.requestingCredential
  const client = "identity" in cred ? new TextDecoder().decode(cred.identity) : ""
  const user = userOfClient(client)
  if (!user || domainOf(client) !== source || participantState(ctx.db, roomId, user) !== "active") return refuse()
  const pendingProposals = (ctx.db
    .prepare("SELECT message, accepted_ts FROM pending_proposals WHERE room_id = ? ORDER BY accepted_ts")
    .all(roomId) as { message: Buffer; accepted_ts: number }[])
    .map((p) => ({ proposal: strictMessage(u8(p.message)), hubAcceptedTime: BigInt(p.accepted_ts) }))
  const hubSender: ExternalSender = {
    signatureKey: ctx.keys.hubSignPub,
    credential: { credentialType: CredentialType.basic, identity: new TextEncoder().encode(`mimi://${ctx.domain}`) },
  }
  const tbe = {
    groupInfo: strictGroupInfo(room.groupInfo),
    ratchetTreeOption: { representation: "full" as const, ratchetTree: strictTree(room.tree) },
    pendingProposals,
  }
  const key = req.groupInfoPublicKey
  const sealed = sealGroupInfoResponse(ctx.suite, ctx.keys.hubSignPriv, hubSender, roomIdBytes, key, tbe)
  if (!sealed) return text(400, "groupInfoPublicKey is not a valid HPKE public key")
  return { status: 200, body: encodeGroupInfoResponse(sealed) }
}
