import { describe, expect, it } from "vitest"
import {
  encodeMimiContent, interpretMessage, type Incoming, type Interpretation, type MimiContent, type NestedPart,
  type RoomHistory,
} from "../../harness/protocol/content/index.ts"
import { ALICE, BOB, CATHY, ROOM, content, example, fromHex, nested, patch, text } from "./fixtures.ts"

const T0 = 1644387225019
const empty: RoomHistory = { roomUri: ROOM, entries: [] }
const senders: Record<string, string> = {
  original: ALICE, reply: BOB, edit: BOB, delete: BOB, reaction: CATHY, unlike: CATHY, attachment: BOB,
}

const incoming = (name: string, at = T0): Incoming =>
  ({ sender: senders[name] as string, bytes: fromHex(example(name).cbor), acceptedAt: at })
const own = (c: MimiContent, sender: string, at = T0): Incoming =>
  ({ sender, bytes: encodeMimiContent(c), acceptedAt: at })

function accept(history: RoomHistory, msg: Incoming): Interpretation & { ok: true } {
  const r = interpretMessage(history, msg)
  if (!r.ok) throw new Error(`refused: ${r.rule} ${r.detail}`)
  return r
}

/** Feeds the draft's examples in order and returns every step. */
function play(...names: string[]): Array<Interpretation & { ok: true }> {
  const steps: Array<Interpretation & { ok: true }> = []
  let history = empty
  for (const [i, name] of names.entries()) {
    const step = accept(history, incoming(name, T0 + i))
    steps.push(step)
    history = step.history
  }
  return steps
}

function refused(history: RoomHistory, msg: Incoming): Interpretation & { ok: false } {
  const r = interpretMessage(history, msg)
  if (r.ok) throw new Error(`accepted as ${r.effect}, a refusal was expected`)
  return r
}

describe("a receiving client applies the draft's examples", () => {
  it("posts, replies, edits, reacts, un-reacts and deletes", () => {
    const steps = play("original", "reply", "edit", "reaction", "unlike", "delete")
    expect(steps.map((s) => s.effect)).toEqual(["posted", "replied", "edited", "reacted", "unreacted", "deleted"])
    expect(steps.map((s) => s.entry.id)).toEqual(
      ["original", "reply", "edit", "reaction", "unlike", "delete"].map((n) => example(n).messageId),
    )
    const [original, reply] = steps[2]?.rendered ?? []
    expect(original?.edited).toBe(false)
    expect(reply?.edited).toBe(true)
    expect(reply?.versions).toEqual([example("reply").messageId, example("edit").messageId])
    expect(reply?.body).toMatchObject({ contentType: "text/markdown;variant=GFM-MIMI", cardinality: 1 })

    const reacted = steps[3]?.rendered[0]
    expect(reacted?.reactions).toEqual([
      { id: example("reaction").messageId, sender: CATHY, body: expect.objectContaining({ disposition: 2 }) },
    ])
    expect(steps[4]?.rendered[0]?.reactions).toEqual([])

    const last = steps[5]?.rendered ?? []
    expect(last).toHaveLength(2)
    expect(last[1]).toMatchObject({ id: example("reply").messageId, deleted: true, body: null, sender: BOB })
    expect(last[1]?.versions).toHaveLength(3)
  })

  it("accepts a reply to a message it never saw (the sender may have joined later)", () => {
    const r = accept(empty, incoming("reply"))
    expect(r.effect).toBe("replied")
    expect(r.rendered[0]?.inReplyTo).toBe(example("original").messageId)
  })

  it("accepts an edit of an unknown message without rendering anything", () => {
    const r = accept(empty, incoming("edit"))
    expect(r.effect).toBe("unknown-target")
    expect(r.rendered).toEqual([])
  })

  it("leaves the given history untouched", () => {
    const [first] = play("original")
    const before = first?.history.entries.length
    accept(first!.history, incoming("reply"))
    expect(first?.history.entries.length).toBe(before)
  })
})

describe("a receiving client refuses", () => {
  const [, afterReply] = play("original", "reply")
  const room = afterReply!.history
  const reply = fromHex(example("reply").messageId)
  const original = fromHex(example("original").messageId)
  const gone: NestedPart = { disposition: 1, language: "", cardinality: 0 }
  const wide = (n: number): NestedPart => ({
    disposition: 1, language: "", cardinality: 3, partSemantics: 2, parts: Array.from({ length: n }, () => text("x")),
  })
  const heart = text("\u2764", 2)
  const unknownHash = patch("reply", "5820017ce548", "5820ff7ce548")
  const elsewhere = { senderUri: BOB, roomUri: `${ROOM}2`, other: [] }
  const topic = new Uint8Array([1])
  const later = { relative: true, time: 367 * 86400 }
  const earlier = { relative: false, time: Math.floor(T0 / 1000) - 367 * 86400 }
  const replyBy = (sender: string, seed: number, over: Partial<MimiContent>): Incoming =>
    own(content(seed, { inReplyTo: original, ...over }, sender), sender)

  const cases: Array<[string, () => Interpretation & { ok: false }, string]> = [
    ["an edit by someone other than the author", () => refused(room, replyBy(CATHY, 5, { replaces: reply })),
      "content.semantics.edit-author-only"],
    ["a delete by someone other than the author",
      () => refused(room, replyBy(ALICE, 6, { replaces: reply, nestedPart: gone })),
      "content.semantics.edit-author-only"],
    ["the same message twice", () => refused(room, incoming("reply")), "content.semantics.duplicate-id"],
    ["more than 4 levels of parts", () => refused(room, own(content(3, { nestedPart: nested(5) }, BOB), BOB)),
      "content.depth.nested-parts"],
    ["more than 1024 parts", () => refused(room, own(content(4, { nestedPart: wide(1024) }, BOB), BOB)),
      "content.limits.part-count"],
    ["an unknown hash octet", () => refused(room, { ...incoming("reply"), bytes: unknownHash }),
      "content.message-id.known-hash-alg"],
    ["a senderUri that is not the sender", () => refused(room, own(content(7, {}, ALICE), BOB)),
      "content.semantics.sender-matches"],
    ["a roomUri of another room", () => refused(room, own(content(8, { extensions: elsewhere }), BOB)),
      "content.semantics.sender-matches"],
    ["an edit that changes inReplyTo", () => refused(room, replyBy(BOB, 9, { replaces: reply, inReplyTo: null })),
      "content.semantics.edit-nested-part-only"],
    ["an edit that changes the topic", () => refused(room, replyBy(BOB, 10, { replaces: reply, topicId: topic })),
      "content.semantics.edit-nested-part-only"],
    ["a reaction with nothing to react to", () => refused(room, own(content(11, { nestedPart: heart }, BOB), BOB)),
      "content.semantics.reaction-has-target"],
    ["an expiry more than a year away", () => refused(room, own(content(12, { expires: later }, BOB), BOB)),
      "content.limits.expiry-window"],
    ["an absolute expiry more than a year ago", () => refused(room, own(content(13, { expires: earlier }, BOB), BOB)),
      "content.limits.expiry-window"],
  ]
  it.for(cases)("%s", ([, run, rule]) => {
    expect(run().rule).toBe(rule)
  })

  it("malformed content: the decode error travels with the refusal", () => {
    const r = refused(room, { ...incoming("original"), bytes: patch("original", "85016001", "8518016001") })
    expect(r.error).toMatchObject({ code: "E_NON_SHORTEST", rule: "content.encoding.shortest-form" })
  })

  it("an unlike by someone other than the reactor", () => {
    const [, reacted] = play("original", "reaction")
    const unlike = content(17, { inReplyTo: original, replaces: fromHex(example("reaction").messageId),
      nestedPart: { disposition: 2, language: "", cardinality: 0 } }, BOB)
    expect(refused(reacted!.history, own(unlike, BOB)).rule).toBe("content.semantics.edit-author-only")
    expect(accept(reacted!.history, own({ ...unlike, extensions: { ...unlike.extensions, senderUri: CATHY } }, CATHY))
      .effect).toBe("unreacted")
  })

  it("a replacement that names a later version instead of the first instance", () => {
    const edited = accept(room, incoming("edit", T0 + 5)).history
    const editId = fromHex(example("edit").messageId)
    const r = refused(edited, replyBy(BOB, 14, { replaces: editId }))
    expect(r.rule).toBe("content.semantics.replaces-first-instance")
  })

  it("a reply whose chain loops back (history from a hostile store)", () => {
    const a = "01" + "aa".repeat(31)
    const b = "01" + "bb".repeat(31)
    const looped: RoomHistory = { roomUri: ROOM, entries: [
      { id: a, sender: ALICE, acceptedAt: T0, content: content(20, { inReplyTo: fromHex(b) }) },
      { id: b, sender: ALICE, acceptedAt: T0, content: content(21, { inReplyTo: fromHex(a) }) },
    ] }
    expect(refused(looped, replyBy(BOB, 15, { inReplyTo: fromHex(a) })).rule).toBe("content.semantics.reply-no-loop")
    const unlooped = { ...looped, entries: looped.entries.slice(0, 1) }
    expect(accept(unlooped, replyBy(BOB, 15, { inReplyTo: fromHex(a) })).effect).toBe("replied")
  })

  it("an edit by the author with the same header fields is accepted (the refusals above are not blanket)", () => {
    expect(accept(room, replyBy(BOB, 16, { replaces: reply })).effect).toBe("edited")
  })
})
