import type { ClientState } from "ts-mls"
import {
  decodeMimiContent, formatContentError, interpretMessage, type RoomHistory,
} from "../../../harness/protocol/content/index.ts"
import { decodeFrankingTag, verifyReceivedFrank, type FanoutMessage } from "../../../harness/protocol/mimi/index.ts"
import { cipherSuite } from "../../../harness/protocol/mls/crypto/suites.ts"
import { SUITE_ID } from "../mls/engine.ts"
import { domainOf } from "../uris.ts"
import { describeContent } from "./content.ts"
import type { Accepted } from "./history.ts"
import { frankingAgentOf } from "./room-extensions.ts"

/** What a local client saw, as the driver reports it. */
export type Received = Record<string, unknown> & { kind: string }

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/**
 * A decrypted application message as the client records it, judged against the client's history of
 * the room (content-08 §5, §9.1, §9.3): content that does not decode or breaks a rule is discarded
 * (`malformed-content`, the rule as `reason`); otherwise its message ID, effect, sender, parts, and
 * the outcome of the frank check of -06 §5.4.1.3. ts-mls 1.6.4 does not report an application
 * message's sender leaf, so the sender is the content's own senderUri.
 */
export function readApplication(
  room: string, state: ClientState, m: Extract<FanoutMessage, { kind: "application" }>, plaintext: Uint8Array,
  history: RoomHistory,
): { received: Received; accepted?: Accepted } {
  const timestamp = Number(m.timestamp)
  const content = decodeMimiContent(plaintext)
  if (!content.ok) {
    const detail = formatContentError(content.error)
    return { received: { kind: "malformed-content", timestamp, reason: content.error.rule, detail } }
  }
  const c = content.value
  const sender = c.extensions.senderUri ?? ""
  const seen = interpretMessage(history, { sender, bytes: plaintext, acceptedAt: timestamp })
  if (!seen.ok) return { received: { kind: "malformed-content", timestamp, reason: seen.rule, detail: seen.detail } }
  const accepted = { entry: seen.entry, history: seen.history, bytes: plaintext }
  const out: Received = {
    kind: "message", messageId: seen.entry.id, effect: seen.effect, senderUri: sender, roomUri: c.extensions.roomUri,
    timestamp, ...describeContent(c), content: hex(plaintext), epoch: Number(state.groupContext.epoch),
  }
  if (!m.frank) return { received: out, accepted }
  const agent = frankingAgentOf(state)
  const pm = m.message.wireFormat === "mls_private_message" ? m.message.privateMessage : undefined
  const tag = pm ? decodeFrankingTag(pm.authenticatedData) : undefined
  const finding = agent && tag?.ok && tag.value
    ? verifyReceivedFrank({
      content: plaintext, frankingTag: tag.value, frank: m.frank, acceptedTimestamp: m.timestamp, roomUri: room,
      groupCipherSuite: SUITE_ID, agent, hubDomain: domainOf(room) ?? "", senderUserUri: sender,
    }, cipherSuite)
    : { ok: false as const, rule: "mimi.franking.tag-in-aad", detail: "no franking_agent or no frank_aad" }
  const frank = {
    verified: finding.ok, ...(finding.ok ? {} : { failed: `${finding.rule}: ${finding.detail}` }),
    serverFrank: hex(m.frank.serverFrank), cipherSuite: m.frank.cipherSuite, signature: hex(m.frank.signature),
  }
  return { received: { ...out, frank }, accepted }
}
