/**
 * Franking (-06 §5.4.1): the sender's franking tag in the PrivateMessage AAD, the hub's Frank in
 * SubmitMessageResponse and in fan-out, verified by the suite's own oracle as a receiving client
 * would; the sender's URI never reaches followers; a tag that does not match the content is
 * rejected by receiving clients and cannot be reported. Also here, since it needs the suite's notify
 * endpoint too: a removed or banned user's messages and commits are refused (-06 §5.3).
 */
import { afterAll } from "vitest"
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue } from "../../harness/engine/finding.ts"
import { scenario, type ScenarioContext } from "../../harness/engine/scenario.ts"
import { appDataDictionaryCodec } from "../../harness/protocol/mimi/common.ts"
import { decodeNotifyBody } from "../../harness/protocol/mimi/fanout.ts"
import {
  Component, decodeFrankingAgentData, decodeFrankingTag, type Frank,
} from "../../harness/protocol/mimi/franking-structs.ts"
import {
  verifyReceivedFrank, type FrankingRule, type ReceivedFrank,
} from "../../harness/protocol/mimi/franking-verify.ts"
import { computeFrankingTag } from "../../harness/protocol/mimi/franking.ts"
import { encodeMlsMessage, type MlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import type { MemberState } from "../../harness/protocol/mls/passive/state.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { decode } from "../../harness/protocol/tls-syntax/index.ts"
import { sha256 } from "../../targets/mimi-http/device.ts"
import { receivedIn } from "../mimi-content/driver-room.ts"
import {
  frankingFindings, httpRefused, mismatchRejected, sameFrank, senderHidden, tagInAad, updateRefused,
} from "../mimi-content/findings.ts"
import { build, fromHex, saltOf, textPart } from "../mimi-content/messages.ts"
import { sealAsPeer, sendAsPeer, submitStatus } from "../mimi-content/peer-send.ts"
import { closeProvider, provider } from "./fixtures.ts"
import { roomWithPeerUser, settle, shadowOf, submit, update, type Room } from "./rooms.ts"

afterAll(closeProvider)

const asBytes = (b: Uint8Array | string | undefined) =>
  (b instanceof Uint8Array ? b : new TextEncoder().encode(b ?? ""))
const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const ORDER: FrankingRule[] = ["mimi.franking.ciphersuite-matches-group", "mimi.franking.agent-matches-hub",
  "mimi.franking.signature-valid", "mimi.franking.tag-matches-content", "mimi.franking.sender-matches-credential",
  "mimi.franking.room-matches"]

/** The franking_agent of the GroupContext as the suite's oracle holds it. */
function agentOf(s: MemberState): ReceivedFrank["agent"] | undefined {
  const ext = s.groupContext.extensions.find((e) => e.extensionType === 0x0006)
  const dict = ext === undefined ? undefined : decode(appDataDictionaryCodec, ext.extensionData)
  const item = dict?.ok ? dict.value.find((c) => c.componentId === Component.frankingAgent) : undefined
  const agent = item === undefined ? undefined : decodeFrankingAgentData(item.data)
  if (agent === undefined || !agent.ok) return undefined
  const cred = agent.value.credential
  const named = "identity" in cred ? new TextDecoder().decode(cred.identity) : ""
  return { signatureKey: agent.value.signatureKey, domain: named.startsWith("mimi://") ? named.slice(7) : undefined }
}

type Observed = Omit<ReceivedFrank, "roomUri" | "groupCipherSuite" | "agent" | "hubDomain">

/** Records the oracle's verification of one frank, rule by rule. */
function verify(check: CheckFn, r: Room, m: Observed, where: string): void {
  const shadow = r.peerUser.devices[0] && shadowOf(r, r.peerUser.devices[0])
  const agent = shadow && agentOf(shadow)
  check.fatal("mimi.franking.agent-matches-hub", isTrue(shadow !== undefined && agent !== undefined,
    "a franking_agent in the GroupContext", shadow === undefined ? "the suite's client has no group state" : "none"))
  const finding = verifyReceivedFrank({
    ...m, roomUri: r.room, groupCipherSuite: Number(shadow!.groupContext.cipherSuite), agent: agent!,
    hubDomain: r.p.peer.targetDomain,
  }, cipherSuite)
  for (const [rule, f] of frankingFindings(finding, ORDER)) check(rule, f, { hint: where })
}

/** The application FanoutMessages the target sent the suite, with their MLSMessage hash. */
function fannedOut(r: Room): { frank?: Frank; message: MlsMessage; hash: string; timestamp: bigint }[] {
  return r.p.peer.users.notifyBodies.flatMap((n) => {
    const parsed = decodeNotifyBody(n.body)
    return parsed.ok ? parsed.value.flatMap((m) => (m.kind === "application"
      ? [{ ...(m.frank === undefined ? {} : { frank: m.frank }), message: m.message, timestamp: m.timestamp,
        hash: sha256(encodeMlsMessage(m.message)) }]
      : [])) : []
  })
}

scenario("franks in SubmitMessageResponse and fan-out verify, and followers never learn the sender", {
  ...base, id: "mimi.franking.verified",
  requirements: ["mimi.franking.tag-in-aad", "mimi.franking.frank-returned", ...ORDER,
    "mimi.franking.sender-not-disclosed"],
}, async (ctx) => {
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, ctx.check, 1, "mimi.franking.frank-returned")
  const device = r.peerUser.devices[0]!
  // 1. The suite's own message: the Frank in SubmitMessageResponse verifies.
  const own = build(r.peerUser.uri, r.room, `${ctx.run.runId} franked`, { nestedPart: textPart("franked by the hub") })
  const res = await sendAsPeer(r, device, own.bytes, own.content.salt)
  const accepted = res.ok && "statusCode" in res.value && res.value.statusCode === "accepted" ? res.value : undefined
  ctx.check.fatal("mimi.franking.frank-returned", isTrue(accepted?.frank !== undefined, "accepted with a Frank",
    accepted === undefined ? submitStatus(res) : "accepted without a Frank"))
  const ownTag = computeFrankingTag(own.content.salt, own.bytes)
  verify(ctx.check, r, { content: own.bytes, frankingTag: ownTag, frank: accepted!.frank!,
    acceptedTimestamp: accepted!.acceptedTimestamp, senderUserUri: r.peerUser.uri }, "SubmitMessageResponse")
  // 2. A message of the target's user: its tag in the AAD, its Frank in the fan-out equal to the one the sender got.
  const sent = ctx.check.ok("mimi.franking.frank-returned",
    await p.drive("sendMessage", { client: r.ownerClient, room: r.room, text: "hi" }))
  await settle(p, ctx.check, "mimi.franking.frank-returned")
  const delivery = p.peer.users.deliveries.find((d) => d.kind === "application" && d.plaintext !== undefined)
  const fan = fannedOut(r).find((f) => f.hash === delivery?.messageId)
  ctx.check.fatal("mimi.franking.frank-returned", isTrue(delivery?.plaintext !== undefined && fan?.frank !== undefined,
    "the message fanned out with a Frank and decrypted",
    delivery === undefined ? "nothing decrypted" : "no Frank in the fan-out"))
  const plain = delivery!.plaintext!
  const returned = sent.frank && { serverFrank: fromHex(sent.frank.serverFrank), cipherSuite: sent.frank.cipherSuite,
    signature: fromHex(sent.frank.signature) }
  ctx.check("mimi.franking.frank-returned", sameFrank(returned, fan!.frank))
  const pm = fan!.message.wireFormat === "mls_private_message" ? fan!.message.privateMessage : undefined
  ctx.check("mimi.franking.tag-in-aad", tagInAad(pm?.authenticatedData, plain))
  const tag = pm === undefined ? undefined : decodeFrankingTag(pm.authenticatedData)
  const frankingTag = tag?.ok && tag.value !== undefined ? tag.value : new Uint8Array()
  verify(ctx.check, r, { content: plain, frankingTag, frank: fan!.frank!, acceptedTimestamp: fan!.timestamp,
    senderUserUri: r.owner }, "fan-out")
  // 3. No notify that carries application messages names their sender (Welcomes and commits carry the tree).
  const notifies = p.peer.transcript.exchanges
    .filter((x) => x.direction === "from-target" && x.url.includes("/notify/"))
    .map((x) => ({ body: asBytes(x.requestBody), headers: x.requestHeaders }))
    .filter((x) => {
      const parsed = decodeNotifyBody(x.body)
      return parsed.ok && parsed.value.every((m) => m.kind === "application")
    })
  ctx.check("mimi.franking.sender-not-disclosed", senderHidden(notifies, r.owner))
})

scenario("a franking tag that does not match the content is rejected by receiving clients and cannot be reported", {
  ...base, id: "mimi.franking.tag-mismatch",
  requirements: ["mimi.franking.tag-matches-content", "mimi.abuse.server-frank-matches"],
}, async (ctx) => {
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, ctx.check, 1, "mimi.franking.tag-matches-content")
  const bad = build(r.peerUser.uri, r.room, `${ctx.run.runId} mismatch`, { nestedPart: textPart("what is read") })
  const decoy = build(r.peerUser.uri, r.room, `${ctx.run.runId} decoy`, { nestedPart: textPart("what the tag covers") })
  const wrongTag = computeFrankingTag(saltOf("decoy"), decoy.bytes)
  const res = await sendAsPeer(r, r.peerUser.devices[0]!, bad.bytes, bad.content.salt, wrongTag)
  ctx.check.fatal("mimi.franking.tag-matches-content", isTrue(res.ok && "statusCode" in res.value,
    "the hub answers the submission", submitStatus(res)))
  await settle(p, ctx.check, "mimi.franking.tag-matches-content")
  const items = await receivedIn(p, ctx.check, "mimi.franking.tag-matches-content", r.ownerClient, r.room)
  const item = items.find((i) => i.content === bad.hex)
  ctx.check("mimi.franking.tag-matches-content", mismatchRejected(item))
  if (item?.kind !== "message" || item.messageId === undefined) return
  const report = ctx.check.ok("mimi.abuse.server-frank-matches",
    await p.drive("reportAbuse", { client: r.ownerClient, room: r.room, messageIds: [item.messageId], note: "tag" }))
  ctx.check("mimi.abuse.server-frank-matches", httpRefused(report.status, "a report of the mismatched message"),
    { hint: report.reason })
})

scenario("after a user is removed, the hub refuses its messages and its commits", {
  ...base, id: "mimi.abuse.blocked-user",
  requirements: ["mimi.handshake.removed-user-cut-off"],
}, (ctx) => cutOff(ctx, false))

scenario("after a user is banned, the hub refuses its messages and its commits", {
  ...base, id: "mimi.abuse.banned-user",
  requirements: ["mimi.handshake.removed-user-cut-off"],
}, (ctx) => cutOff(ctx, true))

/** The suite's user is removed (or banned), then its message and commit made before are both refused. */
async function cutOff(ctx: ScenarioContext, ban: boolean): Promise<void> {
  const CUT = "mimi.handshake.removed-user-cut-off"
  const who = ban ? "banned" : "removed"
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, ctx.check, 1, CUT)
  const device = r.peerUser.devices[0]!
  // 1. A message and a commit prepared while the user is still a member.
  const late = build(r.peerUser.uri, r.room, `${ctx.run.runId} late`, { nestedPart: textPart("still here?") })
  const message = await sealAsPeer(r, device, late.bytes, late.content.salt)
  const commit = await device.commit(r.room)
  const before = await receivedIn(p, ctx.check, CUT, r.ownerClient, r.room)
  // 2. The target's user removes or bans the suite's user.
  const req = { client: r.ownerClient, room: r.room, user: r.peerUser.uri }
  ctx.check.ok(CUT, await p.drive("removeParticipant", ban ? { ...req, ban: true } : req))
  await settle(p, ctx.check, CUT)
  // 3. Both are refused, and nothing of that user reaches the room.
  const sent = submitStatus(await submit(r, r.peerUser.uri, message))
  ctx.check(CUT, isTrue(sent !== "accepted", `the ${who} user's message refused`, sent))
  const committed = await update(r, commit.body)
  ctx.check(CUT, updateRefused(committed, `the ${who} user's commit`))
  await settle(p, ctx.check, CUT)
  const after = await receivedIn(p, ctx.check, CUT, r.ownerClient, r.room)
  const leaked = after.slice(before.length).filter((i) => i.kind === "message" && i.senderUri === r.peerUser.uri)
  ctx.check(CUT, isTrue(leaked.length === 0, `no message of the ${who} user delivered`,
    leaked.map((i) => i.messageId).join(", ") || "none"))
}
