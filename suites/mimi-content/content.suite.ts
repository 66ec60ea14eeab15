/**
 * MIMI content through a live provider (content-08 §5, §9.1, §9.3): the suite's user sends content
 * it built itself to a room on the target; the target's client, read back through the driver, must
 * show what the draft says, refuse edits by others and discard malformed content.
 */
import { afterAll } from "vitest"
import { isTrue } from "../../harness/engine/finding.ts"
import { scenario, type ScenarioContext } from "../../harness/engine/scenario.ts"
import { interpretMessage, type RoomHistory } from "../../harness/protocol/content/index.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import { closeProvider, provider } from "../mimi-protocol/fixtures.ts"
import { roomWithPeerUser, settle, type Room } from "../mimi-protocol/rooms.ts"
import { receivedIn, type Item } from "./driver-room.ts"
import { attributedTo, noDuplicate, notRendered, renderedOnce } from "./findings.ts"
import { build, nullPart, textPart, tooDeep, tooManyParts, unknownHashId, type Built, type Fields } from "./messages.ts"
import { sendAsPeer, submitStatus } from "./peer-send.ts"

afterAll(closeProvider)

const base = { profile: "mimi-content" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }

interface Session {
  r: Room
  /** Sends one message from the suite's user and returns what the target's client then held. */
  send(label: string, f: Fields, id: RequirementId): Promise<{ sent: Built; items: Item[] }>
}

async function session(ctx: ScenarioContext, id: RequirementId): Promise<Session> {
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, ctx.check, 1, id)
  const device = r.peerUser.devices[0]
  if (device === undefined || device.epoch(r.room) === undefined) {
    ctx.check.fatal(id, { ok: false, expected: "the suite's user joined the room", actual: "not joined" })
  }
  return {
    r,
    send: async (label, f, rule) => {
      const sent = build(r.peerUser.uri, r.room, `${ctx.run.runId} ${label}`, f)
      const status = submitStatus(await sendAsPeer(r, device!, sent.bytes, sent.content.salt))
      ctx.check.fatal(rule, isTrue(status === "accepted", `the hub accepts the suite's ${label}`, status))
      await settle(p, ctx.check, rule)
      return { sent, items: await receivedIn(p, ctx.check, rule, r.ownerClient, r.room) }
    },
  }
}

scenario("a reply, an edit, a reaction, an unlike and a delete by the author are received as the draft says", {
  ...base, id: "content.flow.author",
  requirements: ["content.message-id.computation", "content.semantics.sender-matches"],
}, async (ctx) => {
  const s = await session(ctx, "content.message-id.computation")
  let history: RoomHistory = { roomUri: s.r.room, entries: [] }
  const step = async (label: string, f: Fields, effect: string): Promise<Built> => {
    const { sent, items } = await s.send(label, f, "content.message-id.computation")
    // The target's client shows the message once, under the ID the suite computed over the same bytes.
    ctx.check("content.message-id.computation", renderedOnce(items, sent.id, sent.hex), { hint: label })
    const got = items.find((i) => i.kind === "message" && i.messageId === sent.id)
    ctx.check("content.semantics.sender-matches", attributedTo(got, s.r.peerUser.uri), { hint: label })
    // The suite's interpreter, on the bytes the target's client reports, reaches the effect the step is for.
    const incoming = { sender: s.r.peerUser.uri, bytes: sent.bytes, acceptedAt: got?.timestamp ?? 0 }
    const seen = interpretMessage(history, incoming)
    ctx.evidence(`${label}: suite's interpretation`, seen.ok ? seen.effect : `${seen.rule}: ${seen.detail}`)
    if (seen.ok) history = seen.history
    ctx.check.fatal("content.message-id.computation", isTrue(seen.ok && seen.effect === effect,
      `the suite reads ${label} as ${effect}`, seen.ok ? seen.effect : seen.rule))
    return sent
  }
  const post = await step("post", { nestedPart: textPart("Hi everyone") }, "posted")
  const reply = await step("reply", { nestedPart: textPart("and a reply"), inReplyTo: post.id }, "replied")
  await step("edit", { nestedPart: textPart("Hi everyone (edited)"), replaces: post.id }, "edited")
  const like = await step("reaction", { nestedPart: textPart("\u2764", 2), inReplyTo: post.id }, "reacted")
  await step("unlike", { nestedPart: nullPart(2), replaces: like.id, inReplyTo: post.id }, "unreacted")
  await step("delete", { nestedPart: nullPart(), replaces: reply.id, inReplyTo: post.id }, "deleted")
})

scenario("an edit or a delete by someone other than the author is refused", {
  ...base, id: "content.flow.foreign-edit",
  requirements: ["content.semantics.edit-author-only"],
}, async (ctx) => {
  const s = await session(ctx, "content.semantics.edit-author-only")
  const p = s.r.p
  const own = ctx.check.ok("content.semantics.edit-author-only",
    await p.drive("sendMessage", { client: s.r.ownerClient, room: s.r.room, text: "mine" }))
  await settle(p, ctx.check, "content.semantics.edit-author-only")
  const rule = "content.semantics.edit-author-only"
  const edit = await s.send("foreign edit", { nestedPart: textPart("not yours"), replaces: own.messageId }, rule)
  ctx.check(rule, notRendered(edit.items, edit.sent.hex, "an edit of another user's message"))
  const del = await s.send("foreign delete", { nestedPart: nullPart(), replaces: own.messageId }, rule)
  ctx.check(rule, notRendered(del.items, del.sent.hex, "a delete of another user's message"))
})

scenario("malformed content is discarded, not rendered", {
  ...base, id: "content.flow.malformed",
  requirements: ["content.semantics.duplicate-id", "content.depth.nested-parts", "content.limits.part-count",
    "content.message-id.known-hash-alg"],
}, async (ctx) => {
  const s = await session(ctx, "content.depth.nested-parts")
  const first = await s.send("original", { nestedPart: textPart("once") }, "content.semantics.duplicate-id")
  // The same bytes again (a new MLS message): the same message ID, which the client must not render twice.
  const again = await s.send("original", { nestedPart: textPart("once") }, "content.semantics.duplicate-id")
  ctx.check("content.semantics.duplicate-id",
    isTrue(again.sent.id === first.sent.id, "the resent bytes keep the ID", again.sent.id))
  ctx.check("content.semantics.duplicate-id", noDuplicate(again.items, first.sent.id))
  const deep = await s.send("five levels", { nestedPart: tooDeep() }, "content.depth.nested-parts")
  ctx.check("content.depth.nested-parts", notRendered(deep.items, deep.sent.hex, "parts nested five levels deep"))
  const many = await s.send("1025 parts", { nestedPart: tooManyParts() }, "content.limits.part-count")
  ctx.check("content.limits.part-count", notRendered(many.items, many.sent.hex, "a body of 1025 parts"))
  const hash = await s.send("unknown hash octet", { nestedPart: textPart("reply"), inReplyTo: unknownHashId() },
    "content.message-id.known-hash-alg")
  ctx.check("content.message-id.known-hash-alg",
    notRendered(hash.items, hash.sent.hex, "a reference with hash octet 0x02"))
})
