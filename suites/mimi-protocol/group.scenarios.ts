/**
 * Group add/remove (-06 §5.2, §5.3, §5.5, §7.5): the target adds a peer user with two clients in one
 * commit, routes the Welcome to the owner of the KeyPackageRefs, and every client reaches the same
 * epoch; removing the user removes all of its clients at once and cuts them off (no fan-out, no
 * application message, no commit).
 */
import { isTrue, valueEqual } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { decodeKeyMaterialRequest } from "../../harness/protocol/mimi/key-material.ts"
import { decodeMlsMessage, type MlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { provider } from "./fixtures.ts"
import {
  epochValues, hex, memberClients, notJoined, participantList, roomWithPeerUser, sameDecrypted, settle, shadowOf,
  submit, updateCode,
} from "./rooms.ts"
import { checkNoTraps } from "./support.ts"

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const WELCOME = "mimi.fanout.welcome-to-key-package-owners"
const DELIVERED = "mimi.fanout.accepted-delivered"
const REMOVE = "mimi.handshake.remove-all-clients"
const ACTIVE = "mimi.fanout.active-members"
const CUT = "mimi.handshake.removed-user-cut-off"

/** Leaf indices a commit removes by value (the hub's Removes travel in the commit). */
function removedLeaves(m: MlsMessage): number[] | undefined {
  if (m.wireFormat !== "mls_public_message" || m.publicMessage.content.contentType !== "commit") return undefined
  return m.publicMessage.content.commit.proposals
    .flatMap((x) => (x.type === "proposal" && x.proposal.proposalType === "remove" ? [x.proposal.removed] : []))
    .sort()
}

scenario("a user added by the target joins with all its clients through the hub, and they agree on the epoch", {
  ...base, id: "mimi.group.add-user",
  requirements: ["mimi.key-material.via-hub", WELCOME, "mls.welcome.join-succeeds",
    "mimi.handshake.participant-add-with-commit", "mls.epoch.authenticator-agrees", DELIVERED,
    "mimi.multi-device.all-clients-receive", "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const p = await provider(ctx, { listen: true })
  // 1. The target's user creates a room and adds the peer's user (two clients).
  const r = await roomWithPeerUser(p, check, 2, WELCOME)
  const devices = r.peerUser.devices
  // 2. The KeyPackages were claimed through the hub, for this room.
  const hub = `mimi@${p.peer.targetDomain}`
  const claims = p.peer.users.keyMaterialRequests.map((q) => ({ q, req: decodeKeyMaterialRequest(q.body) }))
  const viaHub = claims.length > 0 && claims.every((c) => c.q.from === hub && c.q.fromAuthenticated && c.req.ok &&
    c.req.value.roomId === r.room)
  const shown = claims.map((c) => `${c.q.from ?? "no From"} ${c.req.ok ? c.req.value.roomId : "undecodable"}`)
  check("mimi.key-material.via-hub", isTrue(viaHub, `claims from ${hub} naming ${r.room}`,
    shown.join(", ") || "no claim"))
  // 3. One Welcome per KeyPackageRef owner reached the peer and the oracle joined every client from it.
  const welcomes = p.peer.users.deliveries.filter((d) => d.kind === "welcome")
  check(WELCOME, valueEqual(welcomes.map((w) => w.device).sort(), devices.map((d) => d.uri).sort()))
  for (const d of devices) {
    const w = welcomes.find((x) => x.device === d.uri)
    const why = w?.error ?? (w ? "joined" : "no Welcome")
    check("mls.welcome.join-succeeds", isTrue(shadowOf(r, d) !== undefined, `${d.uri} joined`, why))
  }
  const shadows = devices.map((d) => shadowOf(r, d))
  const first = shadows[0]
  if (first === undefined) return notJoined(check, WELCOME)
  // 4. The joined epoch lists the user as a participant and holds every one of its clients.
  const list = participantList(first)
  const members = [...memberClients(first).values()]
  const listed = typeof list !== "string" && list.some((x) => x.user === r.peerUser.uri)
  check("mimi.handshake.participant-add-with-commit", isTrue(listed && devices.every((d) => members.includes(d.uri)),
    `${r.peerUser.uri} in participant_list and all its clients in the tree`,
    `${typeof list === "string" ? list : list.map((x) => x.user).join(", ")} / members ${members.join(", ")}`))
  // 5. Every client derived the same epoch authenticator and exporter (oracle), and ts-mls agrees.
  const values = shadows.map((s) => (s === undefined ? "not joined" : epochValues(s)))
  check("mls.epoch.authenticator-agrees", valueEqual(values, values.map(() => values[0])))
  const lib = hex(devices[0]!.state(r.room).keySchedule.epochAuthenticator)
  const oracle = hex(first.secrets.epochAuthenticator)
  check("mls.epoch.authenticator-agrees", valueEqual(lib, oracle, "ts-mls and the oracle disagree"))
  // 6. A message from the target's user reaches every client, decrypted by the oracle to the same bytes.
  const hello = { client: r.ownerClient, room: r.room, text: "hello peer" }
  const sent = check.ok(DELIVERED, await p.drive("sendMessage", hello))
  await settle(p, check, DELIVERED)
  const apps = p.peer.users.deliveries.filter((d) => d.kind === "application")
  check(DELIVERED, isTrue(sent.status === "accepted" && apps.length > 0, "the accepted message delivered",
    `${sent.status}, ${apps.length} delivery(ies)`))
  const plain = devices.map((d) => {
    const got = apps.find((a) => a.device === d.uri)
    return got?.plaintext === undefined ? got?.error ?? "nothing" : hex(got.plaintext)
  })
  check("mimi.multi-device.all-clients-receive", sameDecrypted(plain))
  checkNoTraps(check, p.peer)
})

scenario("removing a user removes all its clients in one commit and cuts them off", {
  ...base, id: "mimi.group.remove-user",
  requirements: [REMOVE, "mimi.fanout.removed-client-gets-commit", ACTIVE, CUT,
    "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, check, 2, REMOVE)
  const a = r.peerUser.devices[0]
  const before = a && shadowOf(r, a)
  if (a === undefined || before === undefined) return notJoined(check, REMOVE)
  const mine = (uri: string) => uri.startsWith(`mimi://${p.peer.domain}/`)
  const ours = [...memberClients(before)].filter(([, c]) => mine(c)).map(([i]) => i).sort()
  // 1. A message and a commit prepared before the removal, to try after it.
  const late = await a.encrypt(r.room, new TextEncoder().encode("after removal"))
  const lateCommit = await a.commit(r.room)
  p.peer.users.reset()
  // 2. The target removes the peer's user.
  check.ok(REMOVE, await p.drive("removeParticipant", { client: r.ownerClient, room: r.room, user: r.peerUser.uri }))
  await settle(p, check, REMOVE)
  // 3. The removing commit reached the removed clients, and it removes every one of their leaves.
  const commits = p.peer.users.deliveries.filter((d) => d.kind === "commit")
  check("mimi.fanout.removed-client-gets-commit", isTrue(commits.length > 0, "the removing commit delivered",
    `${commits.length} commit(s)`))
  const m = commits[0] === undefined ? undefined : decodeMlsMessage(commits[0].bytes)
  check(REMOVE, valueEqual((m?.ok ? removedLeaves(m.value) : undefined) ?? "no decodable commit", ours))
  // 4. Nothing later reaches the removed user's provider, and the hub refuses the removed clients' messages.
  check.ok(ACTIVE, await p.drive("sendMessage", { client: r.ownerClient, room: r.room, text: "members only" }))
  await settle(p, check, ACTIVE)
  const fanouts = p.peer.users.fanouts
  const removal = fanouts.findIndex((f) => f.messageId === commits[0]?.messageId)
  const leaked = fanouts.slice(removal + 1).map((f) => f.kind)
  const after = removal < 0 ? "the removal commit was not seen" : leaked.join(", ") || "nothing"
  check(ACTIVE, isTrue(removal >= 0 && leaked.length === 0, "nothing fanned out to the removed user's provider", after))
  const refused = await submit(r, r.peerUser.uri, late)
  const code = !refused.ok ? refused.detail
    : "statusCode" in refused.value ? refused.value.statusCode : `HTTP ${refused.value.status}`
  check(CUT, isTrue(code !== "accepted", "the removed user's message refused", code))
  // 5. The removed client's commit (for the epoch its removal ended) is refused too.
  const answer = await updateCode(r, check, CUT, lateCommit.body)
  // A 2xx that is no UpdateRoomResponse, or a 5xx, is no refusal.
  check(CUT, isTrue(answer !== "success" && !/^HTTP [25]/.test(answer), "the removed user's commit refused", answer))
  checkNoTraps(check, p.peer)
})
