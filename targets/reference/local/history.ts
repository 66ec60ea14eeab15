import {
  decodeMimiContent, interpretMessage, type Incoming, type Interpretation, type RoomEntry, type RoomHistory,
} from "../../../harness/protocol/content/index.ts"
import { u8, type Db } from "../store.ts"

/** A message a client accepted: the entry to store and the client's history with it. */
export interface Accepted {
  entry: RoomEntry
  history: RoomHistory
  bytes: Uint8Array
}

interface Row { message_id: string; sender: string; accepted_at: number; content: Buffer }

/**
 * Each local client's view of a room (content-08 §5, §9.3): the messages it accepted, in hub order.
 * Every incoming message is judged against it, so that a replacement by someone other than the
 * author, or a repeated message ID, is discarded. The store holds the history (written in the
 * delivery transaction); memory holds a copy once read, updated only after that transaction commits.
 */
export class RoomHistories {
  private readonly cache = new Map<string, RoomHistory>()

  constructor(private readonly db: Db) {}

  /** The client's history of the room. */
  of(client: string, room: string): RoomHistory {
    const cached = this.cache.get(key(client, room))
    if (cached !== undefined) return cached
    const rows = this.db.prepare("SELECT message_id, sender, accepted_at, content FROM room_history " +
      "WHERE client_uri = ? AND room_id = ? ORDER BY inbox_seq").all(client, room) as Row[]
    // Only content that decoded is ever stored, so the filter drops nothing but a corrupted row.
    const entries = rows.flatMap((r): RoomEntry[] => {
      const content = decodeMimiContent(u8(r.content))
      if (!content.ok) return []
      return [{ id: r.message_id, sender: r.sender, content: content.value, acceptedAt: r.accepted_at }]
    })
    const history = { roomUri: room, entries }
    this.cache.set(key(client, room), history)
    return history
  }

  /** What the client makes of one message, against its history; nothing is stored. */
  interpret(client: string, room: string, incoming: Incoming): Interpretation {
    return interpretMessage(this.of(client, room), incoming)
  }

  /** Stores an accepted message. Call inside the delivery transaction, then `remember` once it committed. */
  store(client: string, room: string, inboxSeq: number, a: Accepted): void {
    const { id, sender, acceptedAt } = a.entry
    this.db.prepare("INSERT INTO room_history (client_uri, room_id, message_id, inbox_seq, sender, accepted_at, " +
      "content) VALUES (?, ?, ?, ?, ?, ?, ?)").run(client, room, id, inboxSeq, sender, acceptedAt, a.bytes)
  }

  remember(client: string, room: string, a: Accepted): void {
    this.cache.set(key(client, room), a.history)
  }
}

const key = (client: string, room: string): string => `${client} ${room}`
