import { createHash } from "node:crypto"
import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import { decodeNotifyBody, encodeFanoutMessage } from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { domainOf } from "../uris.ts"

/**
 * POST /notify/{roomId} from the room's hub (-06 §5.6). The body is stored in the inbox in one
 * transaction with its hash, then acknowledged 201; a byte-identical copy is acknowledged 201 and
 * ignored (idempotency), and local clients are served from the inbox by the delivery worker.
 */
export function handleNotify(ctx: ProviderContext, roomId: string, body: Uint8Array, source: string): Reply {
  if (domainOf(roomId) !== source) return text(403, `${source} is not the hub of ${roomId}`)
  const parsed = decodeNotifyBody(body)
  if (!parsed.ok) return text(400, `malformed FanoutMessage: ${formatDecodeError(parsed.error)}`)
  const hash = createHash("sha256").update(body).digest()
  const idempotent = !ctx.faults.has("notify-not-idempotent")
  ctx.db.transaction(() => {
    const seen = ctx.db.prepare("SELECT 1 FROM notify_seen WHERE hash = ?").get(hash)
    if (seen && idempotent) return
    if (!seen) {
      ctx.db.prepare("INSERT INTO notify_seen (hash, room_id, received_at) VALUES (?, ?, ?)")
        .run(hash, roomId, Date.now())
    }
    const add = ctx.db.prepare("INSERT INTO inbox (room_id, fanout) VALUES (?, ?)")
    for (const m of parsed.value) add.run(roomId, encodeFanoutMessage(m))
  })()
  ctx.kick()
  return { status: 201 }
}
