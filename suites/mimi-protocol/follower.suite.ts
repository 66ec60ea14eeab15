/**
 * The target as a follower (-06 §5.5): the suite's peer hosts a room as its hub, claims a target
 * user's KeyPackages from the target directly, and sends notify: 201 for each body, and a
 * byte-identical copy acknowledged but not processed a second time by the target's client.
 */
import { afterAll } from "vitest"
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue, valueEqual } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { encodeNotifyBody, keyMaterialResponseCodec, type FanoutMessage } from "../../harness/protocol/mimi/index.ts"
import { encodeKeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import { decodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { decodeRatchetTree } from "../../harness/protocol/mls/codec/ratchet-tree.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import { closeProvider, provider, type Provider } from "./fixtures.ts"
import { decodeReply, describeFailure, keyMaterialRequest } from "./support.ts"

afterAll(closeProvider)

const CREATED = "mimi.fanout.notify-created"
const ACCEPTED = "mimi.fanout.duplicate-notify-accepted"
const IGNORED = "mimi.fanout.duplicate-notify-ignored"

async function notify(p: Provider, check: CheckFn, id: RequirementId, room: string, body: Uint8Array): Promise<number> {
  return check.ok(id, await p.peer.post("notify", room, body, { signal: p.signal })).status
}

type Extra = { kind: "application" } | { kind: "welcome"; tree: Uint8Array }

function fanout(message: Uint8Array, rest: Extra, timestamp: bigint): FanoutMessage {
  const m = decodeMlsMessage(message)
  if (!m.ok) throw new Error("own message does not decode")
  if (rest.kind === "application") return { timestamp, message: m.value, kind: "application" }
  const tree = decodeRatchetTree(rest.tree)
  if (!tree.ok) throw new Error("own tree does not decode")
  const ratchetTreeOption = { representation: "full" as const, ratchetTree: tree.value }
  return { timestamp, message: m.value, kind: "welcome", ratchetTreeOption }
}

scenario("a follower answers 201 to notify and processes a byte-identical copy only once", {
  profile: "mimi-protocol", requires: ["mimi.role.follower"], timeoutMs: 60_000, id: "mimi.follower.notify",
  requirements: [CREATED, ACCEPTED, IGNORED],
}, async (ctx) => {
  const p = await provider(ctx)
  const id = "mimi.fanout.notify-created"
  // 1. A user of the target with one client; the peer claims its KeyPackage as the hub of its own room.
  const { user } = ctx.check.ok(id, await p.drive("createUser", { name: p.unique("olga") }))
  const { client } = ctx.check.ok(id, await p.drive("createClient", { user, device: "phone" }))
  ctx.check.ok(id, await p.peer.discover(p.signal))
  const hubUser = await p.peer.users.addUser(p.unique("host"), 1, 0, p.nowSeconds)
  const host = hubUser.devices[0]!
  const room = `mimi://${p.peer.domain}/r/${p.unique("hosted")}`
  const body = keyMaterialRequest({ requester: host, requestingUser: hubUser.uri, targetUser: user, roomId: room })
  const reply = ctx.check.ok(id, await p.peer.post("keyMaterial", user, body, { signal: p.signal }))
  const res = decodeReply(keyMaterialResponseCodec, reply)
  const served = res.ok ? res.value.clients : []
  const kps = served.flatMap((c) => (c.clientStatus === "success" ? [encodeKeyPackage(c.keyPackage)] : []))
  if (kps.length === 0) {
    const actual = res.ok ? res.value.userStatus : describeFailure(res)
    return ctx.check.fatal(id, { ok: false, expected: "a KeyPackage of the target's client", actual })
  }
  // 2. The Welcome, then one application message sent twice, byte for byte.
  const hosted = await host.hostRoom(room, new TextEncoder().encode(room.replace("/r/", "/g/")), kps)
  const t0 = BigInt(Date.parse(ctx.run.now))
  const welcome = encodeNotifyBody([fanout(hosted.welcome, { kind: "welcome", tree: hosted.tree }, t0)])
  ctx.check(id, valueEqual(await notify(p, ctx.check, id, room, welcome), 201))
  const once = await host.encrypt(room, new TextEncoder().encode("once"))
  const message = encodeNotifyBody([fanout(once, { kind: "application" }, t0 + 1n)])
  ctx.check(id, valueEqual(await notify(p, ctx.check, id, room, message), 201))
  ctx.check(ACCEPTED, valueEqual(await notify(p, ctx.check, ACCEPTED, room, message), 201))
  // 3. The target's client took the Welcome and the message, and nothing of the copy.
  const items = async () => {
    const got = await p.drive("received", { client, room })
    return got.ok ? got.value.items.map((x) => x.kind) : [`driver: ${got.detail}`]
  }
  await ctx.eventually("mimi.fanout.notify-created", async () => {
    const kinds = await items()
    return isTrue(kinds.length >= 2, "the Welcome and the message taken", kinds.join(", ") || "nothing")
  }, { timeoutMs: p.requestTimeoutMs })
  ctx.check.ok("mimi.fanout.duplicate-notify-ignored", await p.drive("settle", { timeoutMs: p.requestTimeoutMs }))
  const kinds = await items()
  ctx.check(IGNORED, isTrue(kinds.length === 2, "two items: joined, then the message", kinds.join(", ")))
})
