import { createHash } from "node:crypto"
import type { ClientState, Welcome } from "ts-mls"
import { decodeFanoutMessage, type FanoutMessage } from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { join, processIncoming } from "../mls/engine.ts"
import { metaValue, u8 } from "../store.ts"
import { userOfClient } from "../uris.ts"
import { encodeRatchetTree, messageBytes, toTsMessage } from "../wire/mls.ts"
import { keyPackageByRef, loadState, saveState, withClientLock } from "./clients.ts"
import { RoomHistories, type Accepted } from "./history.ts"
import { readApplication, type Received } from "./receive.ts"

/** One FanoutMessage processed by one client: its new state, and what it received (if anything). */
interface Step { state: ClientState; received?: Received; removed?: boolean; accepted?: Accepted }

/**
 * Serves the inbox to local clients in order: Welcomes make the owning clients join; every other
 * FanoutMessage is processed by each client of the room whose next_inbox has not passed it. A
 * client's new state, its progress mark and what it received commit in one transaction, so a crash
 * replays the step from the old state and nothing is recorded twice. Application messages are
 * judged against the client's history of the room, which grows in the same transaction. A message
 * whose delivery throws is recorded for the client as undeliverable, logged, and passed over: the
 * worker neither stops nor stalls on it.
 */
export class DeliveryWorker {
  private running: Promise<void> | undefined
  private again = false
  private stopped = false
  private readonly histories: RoomHistories

  constructor(private readonly ctx: ProviderContext) {
    this.histories = new RoomHistories(ctx.db)
  }

  /** True while inbox entries are being delivered. */
  get busy(): boolean {
    return this.running !== undefined
  }

  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.loop().catch((e: unknown) => this.ctx.log(`delivery worker: ${reasonOf(e)}`)).finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.running
  }

  private cursor(): number {
    return Number(Buffer.from(metaValue(this.ctx.db, "inbox-cursor", () => Buffer.from("0"))).toString())
  }

  private async loop(): Promise<void> {
    const db = this.ctx.db
    for (;;) {
      if (this.stopped) return
      const row = db.prepare("SELECT seq, room_id, fanout FROM inbox WHERE seq > ? ORDER BY seq LIMIT 1")
        .get(this.cursor()) as { seq: number; room_id: string; fanout: Buffer } | undefined
      if (!row) return
      try {
        const parsed = decodeFanoutMessage(u8(row.fanout))
        if (parsed.ok) await this.deliver(row.seq, row.room_id, parsed.value)
      } catch (e) {
        this.ctx.log(`inbox #${row.seq} (${row.room_id}) not delivered: ${reasonOf(e)}`)
      }
      db.prepare("UPDATE meta SET value = ? WHERE key = 'inbox-cursor'").run(Buffer.from(String(row.seq)))
    }
  }

  private async deliver(seq: number, room: string, m: FanoutMessage): Promise<void> {
    const db = this.ctx.db
    if (m.kind === "welcome") return this.deliverWelcome(seq, room, m)
    const clients = db.prepare("SELECT client_uri FROM client_rooms WHERE room_id = ? AND next_inbox <= ?")
      .all(room, seq) as { client_uri: string }[]
    for (const { client_uri: client } of clients) {
      await withClientLock(client, room, async () => {
        let out: Step
        try {
          const state = loadState(db, client, room)
          if (!state) return
          out = await this.process(client, room, state, m)
          db.transaction(() => {
            if (out.removed) {
              db.prepare("DELETE FROM client_rooms WHERE client_uri = ? AND room_id = ?").run(client, room)
            } else {
              saveState(db, client, room, out.state)
              db.prepare("UPDATE client_rooms SET next_inbox = ? WHERE client_uri = ? AND room_id = ?")
                .run(seq + 1, client, room)
            }
            if (out.received) record(db, client, room, seq, out.received)
            if (out.accepted) this.histories.store(client, room, seq, out.accepted)
          })()
        } catch (e) {
          return this.undeliverable(client, room, seq, m, e)
        }
        if (out.accepted) this.histories.remember(client, room, out.accepted)
      })
    }
  }

  /** Welcomes make the clients that own their KeyPackageRefs join (each KeyPackage is then deleted). */
  private async deliverWelcome(seq: number, room: string, m: Extract<FanoutMessage, { kind: "welcome" }>) {
    const db = this.ctx.db
    const welcome = toTsMessage(m.message)
    if (welcome.wireformat !== "mls_welcome" || m.ratchetTreeOption.representation !== "full") return
    const tree = encodeRatchetTree(m.ratchetTreeOption.ratchetTree)
    for (const secret of (welcome as { welcome: Welcome }).welcome.secrets) {
      try {
        const kp = keyPackageByRef(db, secret.newMember)
        if (!kp || loadState(db, kp.client, room)) continue
        await withClientLock(kp.client, room, async () => {
          const joined = await join(welcome.welcome, kp.keyPackage, kp.keys, tree)
            .then((state) => ({ state }), (e: unknown) => ({ reason: reasonOf(e) }))
          db.transaction(() => {
            if ("state" in joined) saveState(db, kp.client, room, joined.state, seq + 1)
            record(db, kp.client, room, seq, "state" in joined
              ? { kind: "joined", epoch: Number(joined.state.groupContext.epoch), timestamp: Number(m.timestamp) }
              : { kind: "join-failed", reason: joined.reason })
            db.prepare("DELETE FROM key_packages WHERE ref = ?").run(secret.newMember)
          })()
        })
      } catch (e) {
        this.ctx.log(`inbox #${seq} (${room}): Welcome not delivered to the owner of one KeyPackage: ${reasonOf(e)}`)
      }
    }
  }

  /**
   * A message whose delivery to the client threw: the client keeps its state, moves past the message
   * and records it as one it could not read (a rejected handshake, or an undecryptable message).
   */
  private undeliverable(client: string, room: string, seq: number, m: FanoutMessage, e: unknown): void {
    const reason = `undeliverable: ${reasonOf(e)}`
    const timestamp = Number(m.timestamp)
    const epoch = m.message.wireFormat === "mls_public_message" ? Number(m.message.publicMessage.content.epoch) : -1
    const received: Received = m.kind === "application" ? { kind: "undecryptable", timestamp, reason }
      : { kind: "rejected", handshake: m.kind, epoch, timestamp, reason }
    const db = this.ctx.db
    db.transaction(() => {
      db.prepare("UPDATE client_rooms SET next_inbox = ? WHERE client_uri = ? AND room_id = ?")
        .run(seq + 1, client, room)
      record(db, client, room, seq, received)
    })()
    this.ctx.log(`inbox #${seq} (${room}) not delivered to ${client}: ${reasonOf(e)}`)
  }

  /** One FanoutMessage for one client: its new state, and what it received (if anything). */
  private async process(client: string, room: string, state: ClientState, m: FanoutMessage): Promise<Step> {
    const msg = toTsMessage(m.message)
    const timestamp = Number(m.timestamp)
    if (m.kind === "application") {
      const hash = createHash("sha256").update(messageBytes(m.message)).digest()
      const own = this.ctx.db.prepare("SELECT 1 FROM sent WHERE hash = ? AND client_uri = ?").get(hash, client)
      if (own) return { state, ...this.ownMessage(client, room, hash, timestamp) }
      try {
        const res = await processIncoming(state, msg)
        if (res.kind !== "application") return { state: res.newState }
        const history = this.histories.of(client, room)
        return { state: res.newState, ...readApplication(room, res.newState, m, res.plaintext, history) }
      } catch (e) {
        return { state, received: { kind: "undecryptable", timestamp, reason: (e as Error).message } }
      }
    }
    // Handshake messages of another epoch are the client's own (already applied) or stale.
    const epoch = m.message.wireFormat === "mls_public_message" ? m.message.publicMessage.content.epoch : -1n
    if (epoch !== state.groupContext.epoch) return { state }
    try {
      let res = await processIncoming(state, msg)
      // A proposal bundle is applied as one: the first proposal, then moreProposals in order.
      for (const more of m.kind === "proposal" ? m.moreProposals : []) {
        res = await processIncoming(res.newState, toTsMessage(more))
      }
      if (res.newState.groupActiveState.kind === "removedFromGroup") {
        return { state, removed: true, received: { kind: "removed", epoch: Number(epoch), timestamp } }
      }
      const after = Number(res.newState.groupContext.epoch)
      return { state: res.newState, received: { kind: m.kind, epoch: after, timestamp } }
    } catch (e) {
      const reason = (e as Error).message
      return { state, received: { kind: "rejected", handshake: m.kind, epoch: Number(epoch), reason } }
    }
  }

  /** The client's own message, back from the hub in hub order: it joins the history, not what it received. */
  private ownMessage(client: string, room: string, hash: Buffer, acceptedAt: number): { accepted?: Accepted } {
    const row = this.ctx.db.prepare("SELECT content FROM sent_content WHERE hash = ?").get(hash) as
      { content: Buffer } | undefined
    if (!row) return {}
    const bytes = u8(row.content)
    const seen = this.histories.interpret(client, room, { sender: userOfClient(client) ?? "", bytes, acceptedAt })
    return seen.ok ? { accepted: { entry: seen.entry, history: seen.history, bytes } } : {}
  }
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

function record(db: ProviderContext["db"], client: string, room: string, seq: number, r: Received): void {
  db.prepare("INSERT INTO received (client_uri, room_id, inbox_seq, kind, body) VALUES (?, ?, ?, ?, ?)")
    .run(client, room, seq, r.kind, JSON.stringify(r))
}
