import { decode } from "../../../harness/protocol/tls-syntax/index.ts"
import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import { abuseReportCodec, verifyAbusiveMessage, type AbusiveMessage } from "../../../harness/protocol/mimi/index.ts"
import { frankedFieldsOf } from "../../../harness/protocol/mimi/franked-fields.ts"
import { cipherSuite } from "../../../harness/protocol/mls/crypto/suites.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { getRoom } from "./state.ts"

/** Why a reported message's frank does not hold, or undefined when it does (-06 §5.9). */
function frankProblem(ctx: ProviderContext, room: string, abuser: string, m: AbusiveMessage): string | undefined {
  const keys = { hubKey: ctx.keys.hubKey, frankingPublicKey: ctx.keys.frankPub, groupCipherSuite: ctx.suite.id }
  const finding = verifyAbusiveMessage(m, room, keys, cipherSuite)
  if (!finding.ok) return `${finding.rule}: ${finding.detail}`
  const f = frankedFieldsOf(m.messageContent)
  return f.ok && f.value.senderUri !== abuser ? `message was sent by ${f.value.senderUri}, not ${abuser}` : undefined
}

/**
 * POST /reportAbuse/{roomId}: the hub recomputes each reported message's franking tag, context and
 * server_frank under its own hub_key and verifies the signature; a report whose frank does not hold
 * is refused (400 with the reason). An accepted report gets 201 and no body.
 */
export function handleReportAbuse(ctx: ProviderContext, roomId: string, body: Uint8Array, source: string): Reply {
  if (!getRoom(ctx.db, roomId)) return text(404, `no such room: ${roomId}`)
  const parsed = decode(abuseReportCodec, body)
  if (!parsed.ok) return text(400, `malformed AbuseReport: ${formatDecodeError(parsed.error)}`)
  const report = parsed.value
  if (!ctx.faults.has("accept-forged-abuse-report")) {
    for (const [i, m] of report.messages.entries()) {
      const problem = frankProblem(ctx, roomId, report.allegedAbuserUri, m)
      if (problem) return text(400, `messages[${i}]: ${problem}`)
    }
  }
  ctx.db.prepare("INSERT INTO abuse_reports (room_id, reporter, abuser, note, messages, at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(roomId, report.reportingUser || source, report.allegedAbuserUri, report.note, report.messages.length,
      Date.now())
  return { status: 201 }
}
