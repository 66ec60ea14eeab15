/**
 * Handshake ordering at the hub (-06 §5.3, §5.4, §5.5, §7.1–7.3): one commit per epoch, wrongEpoch
 * with the current epoch for the loser, invalid commits refused before fan-out, cached proposals
 * forced into the next commit, proposals fanned out before their commit and a commit before its
 * epoch's messages, out-of-order application messages delivered (within an epoch and from the epoch
 * just left, after its commit), replays not, epochTooOld.
 * The peer's own clients act; a further client of the peer observes what the hub fans out.
 */
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue, valueEqual } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { decodeUpdateRoomResponse, type UpdateRoomResponse } from "../../harness/protocol/mimi/update.ts"
import { decodeMlsMessage, encodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { protectPublic } from "../../harness/protocol/mls/message/public.ts"
import { processCommit } from "../../harness/protocol/mls/passive/commit.ts"
import { viewOf, type MemberState } from "../../harness/protocol/mls/passive/state.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import { concat } from "../../harness/protocol/bytes.ts"
import { sha256, type CommitBundle } from "../../targets/mimi-http/device.ts"
import type { Delivery } from "../../targets/mimi-http/users.ts"
import { provider } from "./fixtures.ts"
import { memberClients, notJoined, roomWithPeerUser, settle, shadowOf, submit, update, type Room } from "./rooms.ts"
import { checkNoTraps } from "./support.ts"

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const ONE = "mimi.handshake.one-commit-per-epoch"
const VALID = "mimi.handshake.validated-before-fanout"
const CACHED = "mimi.handshake.cached-proposals-committed"
const OLD = "mimi.submit.epoch-too-old"
const REPLAY = "mimi.fanout.no-replay"
const text = (s: string) => new TextEncoder().encode(s)

type Response = UpdateRoomResponse | undefined

async function post(r: Room, check: CheckFn, id: RequirementId, body: Uint8Array): Promise<Response> {
  const reply = check.ok(id, await update(r, body))
  const res = reply.status === 200 ? decodeUpdateRoomResponse(reply.body) : undefined
  if (res?.ok) return res.value
  const actual = res ? `${res.error.code} at ${res.error.fieldPath}` : `HTTP ${reply.status}`
  check(id, { ok: false, expected: "200 with an UpdateRoomResponse", actual })
  return undefined
}

/** The same commit with one byte of its FramedContent signature flipped. */
function forged(c: CommitBundle): Uint8Array {
  const m = decodeMlsMessage(c.commit)
  if (!m.ok || m.value.wireFormat !== "mls_public_message") throw new Error("own commit does not decode")
  const pm = m.value.publicMessage
  const signature = Uint8Array.from(pm.auth.signature)
  signature[0] = (signature[0] ?? 0) ^ 0x01
  const bad = { ...m.value, publicMessage: { ...pm, auth: { ...pm.auth, signature } } }
  return concat(encodeMlsMessage(bad), c.body.subarray(c.commit.length))
}

/**
 * The same commit with the first key of its UpdatePath flipped and the PublicMessage validly re-signed
 * (signature and membership tag): only the path's parent-hash chain is wrong. `s` is the epoch's state.
 */
function badPath(c: CommitBundle, s: MemberState, signKey: Uint8Array): Uint8Array {
  const m = decodeMlsMessage(c.commit)
  if (!m.ok || m.value.wireFormat !== "mls_public_message") throw new Error("own commit does not decode")
  const { content, auth } = m.value.publicMessage
  const node = content.contentType === "commit" ? content.commit.path?.nodes[0] : undefined
  if (!node) throw new Error("own commit carries no UpdatePath")
  node.encryptionKey = Uint8Array.from(node.encryptionKey)
  node.encryptionKey[0] = (node.encryptionKey[0] ?? 0) ^ 0x01
  const pm = protectPublic(viewOf(s), content, signKey, auth.confirmationTag)
  if (!pm.ok) throw new Error(`re-signing failed: ${pm.detail}`)
  const bytes = encodeMlsMessage({ ...m.value, publicMessage: pm.value })
  if (processCommit(s, bytes, []).ok) throw new Error("the suite's oracle accepts the commit with a bad path")
  return concat(bytes, c.body.subarray(c.commit.length))
}

/** Where a device's delivery of one message stands in the arrival order (-1: not delivered). */
const at = (ds: Delivery[], device: string, id: string) =>
  ds.findIndex((d) => d.device === device && d.messageId === id)

scenario("of two commits for one epoch the hub accepts one, answers the other wrongEpoch, refuses invalid ones", {
  ...base, id: "mimi.handshake.commit-race",
  requirements: [VALID, ONE, "mimi.handshake.wrong-epoch", "mimi.fanout.commit-before-epoch",
    "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, check, 3, ONE)
  const [a, b, d] = r.peerUser.devices
  const sd = d && shadowOf(r, d)
  if (!a || !b || !d || !sd) return notJoined(check, ONE)
  const epoch = a.state(r.room).groupContext.epoch
  const mark = check.ok(VALID, await p.drive("received", { client: r.ownerClient, room: r.room })).items.at(-1)?.seq
  // 1. Two clients commit for the same epoch; a forged copy of the first goes in before both, then a copy
  // whose UpdatePath breaks the parent-hash chain (validly signed: only the hub's path check can catch it).
  const ca = await a.commit(r.room)
  const cb = await b.commit(r.room)
  const invalid: [string, Uint8Array][] = [
    ["a bad signature", forged(ca)], ["a bad UpdatePath", badPath(ca, sd, a.signaturePrivateKey)],
  ]
  for (const [what, body] of invalid) {
    const bad = await post(r, check, VALID, body)
    check(VALID, isTrue(bad !== undefined && bad.responseCode !== "success", `a commit with ${what} refused`,
      bad ? `${bad.responseCode} ${bad.errorDescription}`.trim() : "no response"))
  }
  // 2. The first valid commit wins; the second is answered wrongEpoch with the epoch the room is now in.
  const won = await post(r, check, ONE, ca.body)
  check.fatal(ONE, valueEqual(won?.responseCode, "success", "the first commit of the epoch"))
  a.adopt(r.room, ca.newState)
  const lost = await post(r, check, "mimi.handshake.wrong-epoch", cb.body)
  const second = lost?.responseCode ?? "no response"
  check(ONE, isTrue(second !== "success", "the second commit of the epoch refused", second))
  const answer = lost?.responseCode === "wrongEpoch" ? `wrongEpoch ${lost.currentEpoch}` : lost?.responseCode
  check("mimi.handshake.wrong-epoch", valueEqual(answer, `wrongEpoch ${epoch + 1n}`))
  // 3. A message of the new epoch right away: the observer gets the commit first.
  const msg = await a.encrypt(r.room, text("new epoch"))
  check.ok("mimi.fanout.commit-before-epoch", await submit(r, r.peerUser.uri, msg))
  await settle(p, check, "mimi.fanout.commit-before-epoch")
  const ds = p.peer.users.deliveries
  const iCommit = at(ds, d.uri, sha256(ca.commit))
  const iMsg = at(ds, d.uri, sha256(msg))
  check("mimi.fanout.commit-before-epoch", isTrue(iCommit >= 0 && iMsg > iCommit,
    "the commit, then the message of its epoch", `commit at ${iCommit}, message at ${iMsg}`))
  const commits = ds.filter((x) => x.kind === "commit").map((x) => x.messageId)
  check(VALID, isTrue(commits.every((x) => x === sha256(ca.commit)), "only the accepted commit fanned out",
    commits.map((x) => x.slice(0, 12)).join(", ")))
  // 4. The target's own client (read through its driver) got the accepted commit and nothing it had to reject.
  const handshakes = async () => {
    const got = await p.drive("received", { client: r.ownerClient, room: r.room, ...(mark ? { after: mark } : {}) })
    const kinds = new Set(["commit", "proposal", "rejected", "removed"])
    return got.ok ? got.value.items.filter((x) => kinds.has(x.kind)).map((x) => `${x.kind} at ${x.timestamp}`) : []
  }
  await ctx.eventually(VALID, async () => {
    const n = (await handshakes()).length
    return isTrue(n > 0, "the accepted commit taken by the target's client", `${n} handshake messages`)
  }, { timeoutMs: p.requestTimeoutMs })
  const want = won?.responseCode === "success" ? `commit at ${won.acceptedTimestamp}` : "the accepted commit"
  check(VALID, valueEqual((await handshakes()).join(", "), want, "no refused commit reaches the target's client"))
  checkNoTraps(check, p.peer)
})

scenario("cached proposals go into the next commit and out before it; messages out of order, once, not too old", {
  ...base, id: "mimi.handshake.proposals",
  requirements: [CACHED, "mimi.fanout.proposals-before-commit", "mimi.fanout.out-of-order-delivered",
    "mimi.fanout.accepted-delivered", REPLAY, OLD, "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, check, 4, CACHED)
  const [a, b, c, d] = r.peerUser.devices
  const sd = d && shadowOf(r, d)
  if (!a || !b || !c || !d || !sd) return notJoined(check, CACHED)
  const stale = await d.encrypt(r.room, text("stale"))
  // 1. One client proposes removing a sibling; the hub caches the proposal.
  const leafOfC = [...memberClients(sd)].find(([, uri]) => uri === c.uri)?.[0] ?? -1
  const prop = await b.propose(r.room, { proposalType: "remove", remove: { removed: leafOfC } })
  const proposed = (await post(r, check, CACHED, prop.body))?.responseCode
  check.fatal(CACHED, valueEqual(proposed, "success", "the proposal accepted"))
  await a.learn(r.room, prop.message)
  // 2. A commit that leaves the cached proposal out is refused; with it, accepted.
  const without = await post(r, check, CACHED, (await a.commit(r.room, [], true)).body)
  const left = without?.responseCode ?? "no response"
  const refusedLeft = left !== "success" && left !== "no response"
  check(CACHED, isTrue(refusedLeft, "a commit without the cached proposal refused", left))
  const full = await a.commit(r.room)
  const committed = (await post(r, check, CACHED, full.body))?.responseCode
  check.fatal(CACHED, valueEqual(committed, "success", "the commit with the proposal"))
  a.adopt(r.room, full.newState)
  await settle(p, check, "mimi.fanout.proposals-before-commit")
  // 3. The observer got the proposal before the commit that references it.
  const iProp = at(p.peer.users.deliveries, d.uri, sha256(prop.message))
  const iCommit = at(p.peer.users.deliveries, d.uri, sha256(full.commit))
  check("mimi.fanout.proposals-before-commit", isTrue(iProp >= 0 && iCommit > iProp, "the proposal, then its commit",
    `proposal at ${iProp}, commit at ${iCommit}`))
  // 4. Two messages submitted in reverse order are both delivered; a replay is not taken twice by the target's client.
  const seen = check.ok(REPLAY, await p.drive("received", { client: r.ownerClient, room: r.room })).items
  const mark = seen.at(-1)?.seq ?? 0
  const m1 = await a.encrypt(r.room, text("one"))
  const m2 = await a.encrypt(r.room, text("two"))
  for (const m of [m2, m1, m1]) check.ok("mimi.fanout.out-of-order-delivered", await submit(r, r.peerUser.uri, m))
  await settle(p, check, "mimi.fanout.out-of-order-delivered")
  const read = (m: Uint8Array) => {
    const x = p.peer.users.deliveries.find((y) => y.device === d.uri && y.messageId === sha256(m))
    return x?.plaintext ? new TextDecoder().decode(x.plaintext) : x?.error ?? "nothing"
  }
  check("mimi.fanout.out-of-order-delivered", valueEqual(`${read(m1)} ${read(m2)}`, "one two"))
  // The target's own client takes both messages (its delivery may lag the fan-out), then never the replay.
  const taken = async () => {
    const got = await p.drive("received", { client: r.ownerClient, room: r.room, after: mark })
    return got.ok ? got.value.items.filter((x) => x.kind === "message" || x.kind === "malformed-content").length : -1
  }
  await ctx.eventually("mimi.fanout.accepted-delivered", async () => {
    const n = await taken()
    return isTrue(n >= 2, "both messages taken by the target's client", `${n}`)
  }, { timeoutMs: p.requestTimeoutMs })
  await settle(p, check, REPLAY)
  check(REPLAY, valueEqual(await taken(), 2, "two messages and one replay: the replay must not be taken again"))
  // 5. A message of this epoch sent after the commit to the next one is still delivered, after that commit;
  // the message prepared two epochs ago is epochTooOld, with the current epoch.
  const late = await b.encrypt(r.room, text("late"))
  const more = await b.commit(r.room)
  check.fatal(OLD, valueEqual((await post(r, check, OLD, more.body))?.responseCode, "success"))
  b.adopt(r.room, more.newState)
  check.ok("mimi.fanout.out-of-order-delivered", await submit(r, r.peerUser.uri, late))
  await settle(p, check, "mimi.fanout.out-of-order-delivered")
  const iMore = at(p.peer.users.deliveries, d.uri, sha256(more.commit))
  const iLate = at(p.peer.users.deliveries, d.uri, sha256(late))
  check("mimi.fanout.out-of-order-delivered", valueEqual(
    iMore >= 0 && iLate > iMore ? read(late) : `commit at ${iMore}, message at ${iLate}`, "late",
    "a message of the epoch just left, after the commit that ends it"))
  const old = check.ok(OLD, await submit(r, r.peerUser.uri, stale))
  const code = "statusCode" in old ? old.statusCode : `HTTP ${old.status}`
  const shown = "statusCode" in old && old.statusCode === "epochTooOld" ? `epochTooOld ${old.currentEpoch}` : code
  check(OLD, valueEqual(shown, `epochTooOld ${b.state(r.room).groupContext.epoch}`))
  checkNoTraps(check, p.peer)
})
