import type { Db } from "../store.ts"
import { u8 } from "../store.ts"
import { domainOf, userOfClient } from "../uris.ts"

/** The hub's record of one room it hosts: current epoch, GroupInfo and ratchet tree. */
export interface HubRoom { id: string; groupId: Uint8Array; epoch: bigint; groupInfo: Uint8Array; tree: Uint8Array }

export function getRoom(db: Db, id: string): HubRoom | undefined {
  const row = db.prepare("SELECT * FROM rooms WHERE id = ?").get(id) as
    | { id: string; group_id: Buffer; epoch: number; group_info: Buffer; tree: Buffer } | undefined
  if (!row) return undefined
  const groupId = u8(row.group_id)
  return { id: row.id, groupId, epoch: BigInt(row.epoch), groupInfo: u8(row.group_info), tree: u8(row.tree) }
}

export interface Participant { user: string; role: number }

/**
 * The participant list in order (the order ParticipantListUpdate indices refer to): active users and
 * banned ones, which stay listed with the banned role.
 */
export function participants(db: Db, room: string): Participant[] {
  const listed = "SELECT user_uri, role FROM participants WHERE room_id = ? AND state IN ('active', 'banned') " +
    "ORDER BY rowid"
  const rows = db.prepare(listed).all(room) as { user_uri: string; role: number }[]
  return rows.map((r) => ({ user: r.user_uri, role: r.role }))
}

export function participantState(db: Db, room: string, user: string): string | undefined {
  const row = db.prepare("SELECT state FROM participants WHERE room_id = ? AND user_uri = ?").get(room, user) as
    | { state: string } | undefined
  return row?.state
}

/** The hub's view of MLS membership: leaf index → client URI. */
export function members(db: Db, room: string): Map<number, string> {
  const rows = db.prepare("SELECT leaf, client_uri FROM members WHERE room_id = ?").all(room) as
    { leaf: number; client_uri: string }[]
  return new Map(rows.map((r) => [r.leaf, r.client_uri]))
}

/**
 * Providers that receive the room's fan-out: those with a client in the group whose user is an
 * active participant. `includeRemoved` (seeded fault deliver-to-removed) keeps the providers of
 * users removed from the participant list or banned, although their clients have left the group.
 */
export function fanoutDomains(db: Db, room: string, includeRemoved = false): Set<string> {
  const out = new Set<string>()
  for (const client of members(db, room).values()) {
    const user = userOfClient(client)
    const domain = domainOf(client)
    if (!user || !domain) continue
    if (includeRemoved || participantState(db, room, user) === "active") out.add(domain)
  }
  if (includeRemoved) {
    const removed = db.prepare("SELECT user_uri FROM participants WHERE room_id = ? AND state IN ('removed', 'banned')")
      .all(room) as { user_uri: string }[]
    for (const d of removed.map((r) => domainOf(r.user_uri))) if (d) out.add(d)
  }
  return out
}

/** Appends one FanoutMessage to the ordered log and queues it for each destination. */
export interface LogEntry { room: string; kind: string; epoch: bigint; ts: bigint; fanout: Uint8Array }

export function enqueue(db: Db, e: LogEntry, domains: Iterable<string>): number {
  const seq = Number(db.prepare("INSERT INTO log (room_id, kind, epoch, accepted_ts, fanout) VALUES (?, ?, ?, ?, ?)")
    .run(e.room, e.kind, Number(e.epoch), Number(e.ts), e.fanout).lastInsertRowid)
  const add = db.prepare("INSERT INTO outbox (log_seq, domain) VALUES (?, ?)")
  for (const d of domains) add.run(seq, d)
  return seq
}
