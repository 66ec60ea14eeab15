import { createHash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { encodeMimiContent, type Interpretation, type NestedPart } from "../../harness/protocol/content/index.ts"
import { RoomHistories } from "../../targets/reference/local/history.ts"
import { openStore, type Db } from "../../targets/reference/store.ts"
import { startFresh, type Started } from "./helpers.ts"

const ROOM = "mimi://hub.example/r/history"
const ALICE = "mimi://hub.example/u/alice"
const BOB = "mimi://follower.example/u/bob"
const CLIENT = "mimi://hub.example/d/alice/1"

const text = (t: string): NestedPart => ({
  cardinality: 1, disposition: 1, language: "", contentType: "text/plain;charset=utf-8",
  content: new TextEncoder().encode(t),
})

/** Content with a salt derived from `label`, so that every run builds the same bytes. */
function message(sender: string, label: string, body: NestedPart, replaces?: string): Uint8Array {
  return encodeMimiContent({
    salt: new Uint8Array(createHash("sha256").update(label).digest().subarray(0, 16)),
    replaces: replaces === undefined ? null : new Uint8Array(Buffer.from(replaces, "hex")),
    topicId: new Uint8Array(0), expires: null, inReplyTo: null,
    extensions: { senderUri: sender, roomUri: ROOM, other: [] }, nestedPart: body,
  })
}

const outcome = (i: Interpretation): string => (i.ok ? i.effect : i.rule)

describe("reference client: room history (content-08 §5, §9.3)", () => {
  let dir = ""
  let db: Db
  let histories: RoomHistories
  let seq = 0

  /** Judges one message for CLIENT and, when accepted, commits it as the delivery worker does. */
  const deliver = (sender: string, bytes: Uint8Array, h = histories, client = CLIENT): Interpretation => {
    const seen = h.interpret(client, ROOM, { sender, bytes, acceptedAt: 1_700_000_000_000 + seq })
    if (seen.ok) {
      const accepted = { entry: seen.entry, history: seen.history, bytes }
      db.transaction(() => h.store(client, ROOM, ++seq, accepted))()
      h.remember(client, ROOM, accepted)
    }
    return seen
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "reference-history-"))
    db = openStore(join(dir, "store.sqlite"))
    histories = new RoomHistories(db)
    seq = 0
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("refuses an edit or a delete by anyone but the author, and applies the author's", () => {
    const post = deliver(ALICE, message(ALICE, "post", text("mine")))
    expect(outcome(post)).toBe("posted")
    const id = post.ok ? post.entry.id : ""
    const edit = message(BOB, "edit", text("not yours"), id)
    expect(outcome(deliver(BOB, edit))).toBe("content.semantics.edit-author-only")
    const del = message(BOB, "delete", { cardinality: 0, disposition: 1, language: "" }, id)
    expect(outcome(deliver(BOB, del))).toBe("content.semantics.edit-author-only")
    expect(outcome(deliver(ALICE, message(ALICE, "edit", text("mine, edited"), id)))).toBe("edited")
    expect(histories.of(CLIENT, ROOM).entries.map((e) => e.sender)).toEqual([ALICE, ALICE])
  })

  it("discards a message whose ID repeats an earlier one", () => {
    const bytes = message(BOB, "once", text("once"))
    expect(outcome(deliver(BOB, bytes))).toBe("posted")
    expect(outcome(deliver(BOB, bytes))).toBe("content.semantics.duplicate-id")
    expect(histories.of(CLIENT, ROOM).entries).toHaveLength(1)
  })

  it("keeps the history across a restart, and judges against it", () => {
    const post = deliver(ALICE, message(ALICE, "post", text("mine")))
    const id = post.ok ? post.entry.id : ""
    db.close()
    db = openStore(join(dir, "store.sqlite"))
    const restarted = new RoomHistories(db)
    expect(restarted.of(CLIENT, ROOM).entries.map((e) => [e.id, e.sender])).toEqual([[id, ALICE]])
    const edit = message(BOB, "edit", text("not yours"), id)
    expect(outcome(deliver(BOB, edit, restarted))).toBe("content.semantics.edit-author-only")
    expect(outcome(deliver(ALICE, message(ALICE, "post", text("mine")), restarted)))
      .toBe("content.semantics.duplicate-id")
  })

  it("judges against each client's own history: one that never saw the original cannot refuse the edit", () => {
    const post = deliver(ALICE, message(ALICE, "post", text("mine")))
    const edit = message(BOB, "edit", text("not yours"), post.ok ? post.entry.id : "")
    expect(outcome(deliver(BOB, edit))).toBe("content.semantics.edit-author-only")
    expect(outcome(deliver(BOB, edit, histories, "mimi://hub.example/d/carol/1"))).toBe("unknown-target")
  })

  it("a rolled-back delivery changes neither the store nor the history in memory", () => {
    const bytes = message(BOB, "lost", text("lost"))
    const seen = histories.interpret(CLIENT, ROOM, { sender: BOB, bytes, acceptedAt: 1 })
    if (!seen.ok) throw new Error(seen.detail)
    const crash = db.transaction(() => {
      histories.store(CLIENT, ROOM, 1, { entry: seen.entry, history: seen.history, bytes })
      throw new Error("crash before commit")
    })
    expect(crash).toThrow("crash before commit")
    expect(histories.of(CLIENT, ROOM).entries).toEqual([])
    expect(new RoomHistories(db).of(CLIENT, ROOM).entries).toEqual([])
    expect(outcome(deliver(BOB, bytes))).toBe("posted")
  })
})

describe("reference pair: the history through the driver", () => {
  let s: Started
  beforeAll(async () => {
    s = await startFresh()
  })
  afterAll(async () => s?.close())

  it("reports each message's effect, and a sender's own message joins its history from the fan-out", async () => {
    const { user } = await s.hub.call("createUser", { name: "alice" })
    const alice = (await s.hub.call("createClient", { user, device: "1" })).client
    await s.follower.call("createUser", { name: "bob" })
    const bob = (await s.follower.call("createClient", { user: BOB, device: "1" })).client
    const room = (await s.hub.call("createRoom", { client: alice, name: "effects" })).room
    await s.hub.call("addParticipant", { client: alice, room, user: BOB })
    await s.settle()
    const sent = await s.hub.call("sendMessage", { client: alice, room, text: "hello" })
    await s.settle()
    const items = (await s.follower.call("received", { client: bob, room })).items.filter((i) => i.kind === "message")
    expect(items.map((i) => [i.messageId, i.effect])).toEqual([[sent.messageId, "posted"]])
    const store = new Database(join(s.dataDir, "hub.example", "store.sqlite"), { readonly: true })
    try {
      const rows = store.prepare("SELECT client_uri, message_id, sender FROM room_history WHERE room_id = ?").all(room)
      expect(rows).toEqual([{ client_uri: alice, message_id: sent.messageId, sender: user }])
    } finally {
      store.close()
    }
  })
})
