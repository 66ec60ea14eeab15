/**
 * Abuse reporting (-06 §5.9): a report of a received message with its valid frank is accepted; one
 * whose content, timestamp, signature or salt (hence franking tag) was altered is refused, and the
 * hub's store (the driver's `abuseReports`) shows the valid reports stored and the refused ones not.
 */
import { afterAll } from "vitest"
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { decodeMimiContent, encodeMimiContent, type MimiContent } from "../../harness/protocol/content/index.ts"
import { encodeAbuseReport, type AbusiveMessage } from "../../harness/protocol/mimi/abuse.ts"
import { localRoom, messagesWithId, receivedIn } from "../mimi-content/driver-room.ts"
import { httpAccepted, httpRefused, storedDelta } from "../mimi-content/findings.ts"
import { closeProvider, provider, type Provider } from "./fixtures.ts"
import { settle } from "./rooms.ts"

afterAll(closeProvider)

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"))
const utf8 = new TextEncoder()

function flipLast(b: Uint8Array): Uint8Array {
  const out = b.slice()
  out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0x01
  return out
}

function reencoded(bytes: Uint8Array, change: (c: MimiContent) => MimiContent): Uint8Array {
  const c = decodeMimiContent(bytes)
  if (!c.ok) throw new Error("the reported content does not decode")
  return encodeMimiContent(change(c.value))
}

/** POST reportAbuse/{room} to the hub as the suite's peer provider; the HTTP status or the transport problem. */
async function postReport(p: Provider, room: string, abuser: string, m: AbusiveMessage): Promise<number | string> {
  const body = encodeAbuseReport({
    reportingUser: `mimi://${p.peer.domain}/u/reporter`, allegedAbuserUri: abuser, reasonCode: 0,
    note: utf8.encode("suite report"), messages: [m], abuseExtensions: [],
  })
  const got = await p.peer.post("reportAbuse", room, body, { signal: p.signal })
  return got.ok ? got.value.status : `${got.kind}: ${got.detail}`
}

const ACCEPT = "mimi.abuse.valid-report-accepted"

/** How many reports the hub stored for the room, or undefined when its driver does not offer `abuseReports`. */
async function storedReports(p: Provider, check: CheckFn, room: string): Promise<number | undefined> {
  const got = await p.drive("abuseReports", { room })
  if (!got.ok && got.kind === "rejected" && got.detail.includes("E_UNKNOWN_OPERATION")) return undefined
  return check.ok(ACCEPT, got).reports.length
}

const MATCH = "mimi.abuse.server-frank-matches"
const harmless = { cardinality: 1, disposition: 1, language: "", contentType: "text/plain;charset=utf-8",
  content: utf8.encode("harmless") } as const

/** The reported message with one alteration each, and the rule the hub's refusal answers to. */
function alterations(m: AbusiveMessage): [string, typeof MATCH | "mimi.abuse.signature-valid", AbusiveMessage][] {
  return [
    ["altered content", MATCH,
      { ...m, messageContent: reencoded(m.messageContent, (c) => ({ ...c, nestedPart: harmless })) }],
    ["altered timestamp", MATCH, { ...m, acceptedTimestamp: m.acceptedTimestamp + 1000n }],
    ["tag not matching the content (other salt)", MATCH,
      { ...m, messageContent: reencoded(m.messageContent, (c) => ({ ...c, salt: flipLast(c.salt) })) }],
    ["forged signature", "mimi.abuse.signature-valid",
      { ...m, frank: { ...m.frank, signature: flipLast(m.frank.signature) } }],
  ]
}

scenario("a report with a valid frank is accepted; altered content, timestamp, signature or tag is refused", {
  ...base, id: "mimi.abuse.report",
  requirements: [ACCEPT, MATCH, "mimi.abuse.signature-valid", "mimi.franking.frank-returned"],
}, async (ctx) => {
  const p = await provider(ctx)
  ctx.check.ok(ACCEPT, await p.peer.discover(p.signal))
  const r = await localRoom(p, ctx.check, ACCEPT)
  const abusive = { client: r.aliceClient, room: r.room, text: "an abusive message" }
  const sent = ctx.check.ok(ACCEPT, await p.drive("sendMessage", abusive))
  await settle(p, ctx.check, ACCEPT)
  const item = messagesWithId(await receivedIn(p, ctx.check, ACCEPT, r.bobClient, r.room), sent.messageId)[0]
  const frank = item?.frank
  ctx.check.fatal("mimi.franking.frank-returned", isTrue(item?.content !== undefined && frank !== undefined,
    "bob received the message with its frank", item === undefined ? "not received" : "no frank"))
  if (item?.content === undefined || frank === undefined || item.timestamp === undefined) return
  // 1. The recipient reports it through its own provider, which forwards the report to the hub.
  const before = await storedReports(p, ctx.check, r.room)
  const reported = ctx.check.ok(ACCEPT,
    await p.drive("reportAbuse", { client: r.bobClient, room: r.room, messageIds: [sent.messageId], note: "abuse" }))
  ctx.check(ACCEPT, httpAccepted(reported.status, "the recipient's report"), { hint: reported.reason })
  // 2. The same report sent by the suite is accepted too: the refusals below are about the alterations.
  const genuine: AbusiveMessage = {
    messageContent: fromHex(item.content), acceptedTimestamp: BigInt(item.timestamp),
    frank: {
      serverFrank: fromHex(frank.serverFrank), cipherSuite: frank.cipherSuite, signature: fromHex(frank.signature),
    },
  }
  const control = await postReport(p, r.room, r.alice, genuine)
  ctx.check(ACCEPT, httpAccepted(control, "the unaltered report from the suite"))
  let count = await storedReports(p, ctx.check, r.room)
  if (before !== undefined && count !== undefined) {
    ctx.check(ACCEPT, storedDelta(before, count, 2, "the two valid reports"))
  }
  // 3. Each alteration breaks the frank and is refused, and the hub stores nothing for it.
  for (const [what, id, m] of alterations(genuine)) {
    ctx.check(id, httpRefused(await postReport(p, r.room, r.alice, m), `a report with ${what}`))
    const after = await storedReports(p, ctx.check, r.room)
    if (count !== undefined && after !== undefined) ctx.check(id, storedDelta(count, after, 0, `a report with ${what}`))
    count = after
  }
  if (before === undefined) {
    ctx.evidence("stored reports", "the driver offers no abuseReports: refusal is judged by the status alone", "note")
  }
})
