/**
 * Pure findings of the content, asset and franking scenarios: what the target did, compared with
 * what the rule demands. Kept apart from the scenarios so that each can be shown to fail on a
 * mutated observation (test/mimi-content-scenarios/findings.test.ts).
 */
import type { Outcome } from "../../harness/engine/check.ts"
import { bytesEqual, isTrue, type Finding } from "../../harness/engine/finding.ts"
import { decodeUpdateRoomResponse } from "../../harness/protocol/mimi/update.ts"
import { frankedFieldsOf } from "../../harness/protocol/mimi/franked-fields.ts"
import { decodeFrankingTag, encodeFrank, type Frank } from "../../harness/protocol/mimi/franking-structs.ts"
import {
  checkSenderNotDisclosed, type FrankingFinding, type FrankingRule,
} from "../../harness/protocol/mimi/franking-verify.ts"
import { computeFrankingTag } from "../../harness/protocol/mimi/franking.ts"
import type { Item } from "./driver-room.ts"

/** Several bad inputs refused, and refused the same way, so that none can be told from another. */
export function refusedAlike(outcomes: Record<string, Outcome<unknown>>, what: string): Finding {
  const seen = Object.entries(outcomes).map(([name, o]) => `${name}: ${o.ok ? "performed" : `${o.kind} ${o.detail}`}`)
  const all = Object.values(outcomes)
  const details = new Set(all.map((o) => (o.ok ? "performed" : o.detail)))
  const ok = all.length > 0 && all.every((o) => !o.ok && o.kind === "rejected") && details.size === 1
  return isTrue(ok, `every ${what} refused with one and the same answer`, seen.join(" | "))
}

/** A driver action the target must refuse (`rejected`); performing it, or failing otherwise, is not a refusal. */
export function driverRefused(outcome: Outcome<unknown>, what: string): Finding {
  return isTrue(!outcome.ok && outcome.kind === "rejected", `${what} refused`,
    outcome.ok ? "performed" : `${outcome.kind}: ${outcome.detail}`)
}

/** What the target stored grew by exactly `added` entries across one action (0: nothing was stored). */
export function storedDelta(before: number, after: number, added: number, what: string): Finding {
  return isTrue(after - before === added, added === 0 ? `${what}: nothing stored` : `${what}: ${added} stored`,
    `${after - before} stored (${before} before, ${after} after)`)
}

/** An HTTP refusal: 4xx. A 2xx (performed) or 5xx (tried, then failed) is not. */
export function httpRefused(status: number | string, what: string): Finding {
  const ok = typeof status === "number" && status >= 400 && status < 500
  return isTrue(ok, `${what} refused with a 4xx status`, typeof status === "number" ? `HTTP ${status}` : status)
}

/** An HTTP acceptance: 2xx. */
export function httpAccepted(status: number | string, what: string): Finding {
  const ok = typeof status === "number" && status >= 200 && status < 300
  return isTrue(ok, `${what} accepted (2xx)`, typeof status === "number" ? `HTTP ${status}` : status)
}

/** content-08 §4.5: encAlg 1 (AES-128-GCM) with a 16-octet key and a 12-octet nonce (hex fields). */
export function aesGcmFields(a: { encAlg: number; key: string; nonce: string }): Finding {
  const ok = a.encAlg === 1 && a.key.length === 32 && a.nonce.length === 24
  return isTrue(ok, "encAlg 1, 16-octet key, 12-octet nonce",
    `encAlg ${a.encAlg}, key ${a.key.length / 2}, nonce ${a.nonce.length / 2} octets`)
}

/** The message shown as sent by the authenticated sender (§9.1), not by whoever the content claims. */
export function attributedTo(item: Item | undefined, sender: string): Finding {
  const actual = item === undefined ? "not received" : String(item.senderUri)
  return isTrue(item?.senderUri === sender, `attributed to ${sender}`, actual)
}

/** A commit the hub refuses: a 4xx, or 200 with an UpdateRoomResponse other than success (-06 §5.3). */
export function updateRefused(outcome: Outcome<{ status: number; body: Uint8Array }>, what: string): Finding {
  if (!outcome.ok) return { ok: false, expected: `${what} refused`, actual: `${outcome.kind}: ${outcome.detail}` }
  const { status, body } = outcome.value
  if (status !== 200) return httpRefused(status, what)
  const res = decodeUpdateRoomResponse(body)
  if (!res.ok) return { ok: false, expected: `${what} refused`, actual: `200, undecodable body (${res.error.code})` }
  return isTrue(res.value.responseCode !== "success", `${what} refused`, res.value.responseCode)
}

/** Content the receiving client must discard: no rendered message carries these bytes. */
export function notRendered(items: Item[], contentHex: string, what: string): Finding {
  const shown = items.filter((i) => i.kind === "message" && i.content === contentHex)
  return isTrue(shown.length === 0, `${what} discarded, not rendered`,
    shown.length === 0 ? `not rendered (${kinds(items)})` : `rendered as message ${shown[0]?.messageId ?? "?"}`)
}

/** A message the receiving client must show exactly once, with the suite's message ID and bytes. */
export function renderedOnce(items: Item[], messageId: string, contentHex: string): Finding {
  const shown = items.filter((i) => i.kind === "message" && i.messageId === messageId)
  const same = shown.length === 1 && shown[0]?.content === contentHex
  return isTrue(same, `one message ${messageId} with the sent content`,
    shown.length === 0 ? `no message with that ID (${ids(items)})`
      : `${shown.length} message(s), content ${same ? "equal" : "differs"}`)
}

/** The same message ID delivered again is discarded: at most one rendered message carries it. */
export function noDuplicate(items: Item[], messageId: string): Finding {
  const n = items.filter((i) => i.kind === "message" && i.messageId === messageId).length
  return isTrue(n <= 1, `message ID ${messageId} rendered at most once`, `${n} time(s)`)
}

/** A franked message whose tag does not match its content: the client discards it or marks the frank unverified. */
export function mismatchRejected(item: Item | undefined): Finding {
  if (item === undefined || item.kind !== "message") {
    return { ok: true, actual: item === undefined ? "not delivered" : item.kind }
  }
  return isTrue(item.frank?.verified === false, "the message rejected (or its frank marked unverified)",
    item.frank === undefined ? "rendered without a frank"
      : `rendered with frank verified=${String(item.frank.verified)}`)
}

/** §5.4.1.4: the sender URI appears in no notify body and no request header a follower received. */
export interface FromTarget { body: Uint8Array; headers: Record<string, string> }

export function senderHidden(received: FromTarget[], senderUri: string): Finding {
  const expected = "no sender URI in what followers receive"
  for (const [i, r] of received.entries()) {
    const inBody = checkSenderNotDisclosed(r.body, senderUri)
    if (!inBody.ok) return { ok: false, expected, actual: `request #${i}: ${inBody.detail}` }
    const header = Object.entries(r.headers).find(([, v]) => v.includes(senderUri))
    if (header !== undefined) return { ok: false, expected, actual: `request #${i}: header ${header[0]}: ${header[1]}` }
  }
  return { ok: true, actual: `${received.length} request(s) without ${senderUri}` }
}

/**
 * The receiving client's franking verification as one finding per rule, in the order of -06
 * §5.4.1.3: rules before the first failure hold, the failed one does not, later ones were not reached.
 */
export function frankingFindings(f: FrankingFinding, order: readonly FrankingRule[]): [FrankingRule, Finding][] {
  const out: [FrankingRule, Finding][] = []
  for (const rule of order) {
    if (!f.ok && f.rule === rule) return [...out,
      [rule, { ok: false, expected: "the frank verifies", actual: f.detail }]]
    out.push([rule, { ok: true, actual: "verified" }])
  }
  return f.ok ? out : [...out, [f.rule, { ok: false, expected: "the frank verifies", actual: f.detail }]]
}

/** -06 §5.4.1.1: the PrivateMessage AAD holds frank_aad = HMAC_SHA256(salt, application_data). */
export function tagInAad(authenticatedData: Uint8Array | undefined, plaintext: Uint8Array): Finding {
  if (authenticatedData === undefined) return { ok: false, expected: "a PrivateMessage", actual: "another wire format" }
  const fields = frankedFieldsOf(plaintext)
  if (!fields.ok) return { ok: false, expected: "content with salt, sender and room", actual: fields.detail }
  const tag = decodeFrankingTag(authenticatedData)
  if (!tag.ok || tag.value === undefined) {
    const actual = tag.ok ? "no frank_aad item" : tag.error.code
    return { ok: false, expected: "frank_aad in the PrivateMessage AAD", actual }
  }
  const expected = computeFrankingTag(fields.value.salt, plaintext)
  return bytesEqual(tag.value, expected, "franking_tag is not HMAC_SHA256(salt, content)")
}

/** §5.4: the Frank the hub fans out is the one it returned to the sender. */
export function sameFrank(returned: Frank | undefined, fannedOut: Frank | undefined): Finding {
  if (returned === undefined || fannedOut === undefined) {
    const actual = returned === undefined ? "none returned" : "none fanned out"
    return { ok: false, expected: "a Frank in the response and in the fan-out", actual }
  }
  return bytesEqual(encodeFrank(fannedOut), encodeFrank(returned), "the fan-out carries another Frank")
}

const kinds = (items: Item[]) => items.map((i) => i.kind).join(", ") || "nothing received"
const ids = (items: Item[]) =>
  items.filter((i) => i.kind === "message").map((i) => i.messageId?.slice(0, 12)).join(", ") || "none"
