import type { ProviderContext } from "../context.ts"
import { u8 } from "../store.ts"
import { uriToPath } from "../uris.ts"

/** Retry delay when the follower gives no Retry-After: 200 ms doubling, capped at 10 s. */
const backoff = (attempts: number) => Math.min(10_000, 200 * 2 ** Math.min(attempts, 6))

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header
  if (v === undefined) return undefined
  const secs = Number(v)
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

interface Head {
  log_seq: number
  domain: string
  attempts: number
  next_at: number
  room_id: string
  fanout: Buffer
  leaked_sender: string | null
}

/**
 * Delivers the hub's ordered log: per destination strictly in log order, one message at a time,
 * until the destination answers 201 (-06 §5.6); anything else is retried, honouring Retry-After.
 * A row leaves the outbox only after its 201, so a restart resends at most the message in flight,
 * which the follower's notify idempotency absorbs.
 */
export class FanoutWorker {
  private running = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private timerAt = 0
  private stopped = false
  private readonly inflight = new Set<Promise<void>>()

  constructor(
    private readonly ctx: ProviderContext,
    private readonly deliverLocal: (room: string, body: Uint8Array) => void,
  ) {}

  kick(): void {
    if (this.stopped) return
    const domains = this.ctx.db.prepare("SELECT DISTINCT domain FROM outbox").all() as { domain: string }[]
    for (const { domain } of domains) {
      if (this.running.has(domain)) continue
      this.running.add(domain)
      const p = this.drain(domain).finally(() => {
        this.running.delete(domain)
        this.inflight.delete(p)
      })
      this.inflight.add(p)
    }
  }

  private head(domain: string): Head | undefined {
    return this.ctx.db.prepare(
      "SELECT o.log_seq, o.domain, o.attempts, o.next_at, l.room_id, l.fanout, l.leaked_sender FROM outbox o " +
      "JOIN log l ON l.seq = o.log_seq WHERE o.domain = ? ORDER BY o.log_seq LIMIT 1",
    ).get(domain) as Head | undefined
  }

  private async drain(domain: string): Promise<void> {
    for (let h = this.head(domain); h && !this.stopped; h = this.head(domain)) {
      const wait = h.next_at - Date.now()
      if (wait > 0) {
        this.schedule(wait)
        return
      }
      const result = await this.send(h)
      if (this.stopped) return
      if (result.ok) this.ctx.db.prepare("DELETE FROM outbox WHERE log_seq = ? AND domain = ?").run(h.log_seq, domain)
      else {
        const delay = result.retryAfter ?? backoff(h.attempts)
        this.ctx.db.prepare("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE log_seq = ? AND domain = ?")
          .run(Date.now() + delay, h.log_seq, domain)
      }
    }
  }

  private async send(h: Head): Promise<{ ok: boolean; retryAfter?: number }> {
    if (h.domain === this.ctx.domain) {
      this.deliverLocal(h.room_id, u8(h.fanout))
      return { ok: true }
    }
    try {
      const headers = h.leaked_sender ? { "mimi-sender-uri": h.leaked_sender } : undefined
      const path = `/v1/notify/${uriToPath(h.room_id)}`
      const res = await this.ctx.peers.request(h.domain, "POST", path, u8(h.fanout), 10_000, headers)
      if (res.status === 201) return { ok: true }
      const retryAfter = retryAfterMs(res.headers["retry-after"])
      return retryAfter === undefined ? { ok: false } : { ok: false, retryAfter }
    } catch {
      return { ok: false }
    }
  }

  private schedule(ms: number): void {
    const at = Date.now() + ms
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.kick()
    }, ms)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await Promise.allSettled([...this.inflight])
  }
}
