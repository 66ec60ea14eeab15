import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import {
  decodeSubmitMessageRequest, encodeFanoutMessage, encodeSubmitMessageResponse, type SubmitMessageResponse,
} from "../../../harness/protocol/mimi/index.ts"
import { bytesEqual } from "../../../harness/protocol/mls/crypto/bytes.ts"
import { decodeFrankingTag } from "../../../harness/protocol/mimi/franking-structs.ts"
import { createFrank } from "../../../harness/protocol/mimi/franking.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { domainOf } from "../uris.ts"
import { enqueue, fanoutDomains, getRoom, participantState } from "./state.ts"

/** Application messages from the epoch just left are still accepted (late senders, in-flight commits). */
const EPOCH_GRACE = 1n

/**
 * POST /submitMessage/{roomId} (-06 §5.4): accept an application message from an active
 * participant, frank it when its AAD carries a franking tag (§5.4.1), and fan it out.
 */
export async function handleSubmit(
  ctx: ProviderContext, roomId: string, body: Uint8Array, source: string,
): Promise<Reply> {
  const room = getRoom(ctx.db, roomId)
  if (!room) return text(404, `no such room: ${roomId}`)
  const parsed = decodeSubmitMessageRequest(body)
  if (!parsed.ok) return text(400, `malformed SubmitMessageRequest: ${formatDecodeError(parsed.error)}`)
  const { appMessage, sendingUri } = parsed.value
  if (appMessage.wireFormat !== "mls_private_message") return text(400, "appMessage is not a PrivateMessage")
  const pm = appMessage.privateMessage
  const reply = (r: SubmitMessageResponse): Reply => ({ status: 200, body: encodeSubmitMessageResponse(r) })
  const removedOk = ctx.faults.has("deliver-to-removed")
  const active = participantState(ctx.db, roomId, sendingUri) === "active" || removedOk
  // The sender must be an active participant of the submitting provider, in the room's group, not ahead of the hub.
  if (!bytesEqual(pm.groupId, room.groupId) || domainOf(sendingUri) !== source || !active || pm.epoch > room.epoch) {
    return reply({ protocol: "mls10", statusCode: "notAllowed" })
  }
  if (pm.epoch + EPOCH_GRACE < room.epoch) {
    return reply({ protocol: "mls10", statusCode: "epochTooOld", currentEpoch: room.epoch })
  }
  const tag = decodeFrankingTag(pm.authenticatedData)
  const ts = ctx.now()
  let frank
  if (tag.ok && tag.value) {
    const context = { senderUri: sendingUri, roomUri: roomId, acceptedTimestamp: ts }
    // Seeded fault: sign a context with another timestamp, so the signature cannot verify.
    const signed = ctx.faults.has("bad-frank-signature") ? { ...context, acceptedTimestamp: ts + 1n } : context
    const good = createFrank(ctx.suite, ctx.keys.frankPriv, ctx.keys.hubKey, tag.value, context)
    frank = ctx.faults.has("bad-frank-signature")
      ? { ...good, signature: createFrank(ctx.suite, ctx.keys.frankPriv, ctx.keys.hubKey, tag.value, signed).signature }
      : good
  }
  const fan = encodeFanoutMessage(frank
    ? { timestamp: ts, kind: "application", message: appMessage, frank }
    : { timestamp: ts, kind: "application", message: appMessage })
  ctx.db.transaction(() => {
    const seq = enqueue(ctx.db, { room: roomId, kind: "application", epoch: pm.epoch, ts, fanout: fan },
      fanoutDomains(ctx.db, roomId, removedOk))
    if (ctx.faults.has("leak-sender-uri")) {
      ctx.db.prepare("UPDATE log SET leaked_sender = ? WHERE seq = ?").run(sendingUri, seq)
    }
  })()
  ctx.kick()
  return reply(frank ? { protocol: "mls10", statusCode: "accepted", acceptedTimestamp: ts, frank }
    : { protocol: "mls10", statusCode: "accepted", acceptedTimestamp: ts })
}
