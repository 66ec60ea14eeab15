import { decodeMimiContent } from "./decode.ts"
import { formatContentError, type ContentDecodeError } from "./errors.ts"
import { computeMessageId } from "./message-id.ts"
import { hex, isReaction, renderRoom, type RenderedMessage, type RoomEntry, type RoomHistory } from "./render.ts"
import type { ContentRule } from "./rules.ts"
import type { Expiration, MimiContent } from "./types.ts"

/** A message as the receiving client gets it: authenticated sender, exact bytes, hub timestamp. */
export interface Incoming {
  readonly sender: string
  readonly bytes: Uint8Array
  readonly acceptedAt: number
}

export type Effect = "posted" | "replied" | "edited" | "deleted" | "reacted" | "reaction-changed" | "unreacted"
  | "unknown-target"

export type Interpretation =
  | { ok: true; effect: Effect; entry: RoomEntry; history: RoomHistory; rendered: RenderedMessage[] }
  | { ok: false; rule: ContentRule; detail: string; error?: ContentDecodeError }

/** §9.1 speaks of "a year"; 366 days so that no date within a calendar year of the message is refused. */
export const EXPIRY_WINDOW_SECONDS = 366 * 86_400

/**
 * What a receiving client does with one message (§4.1, §5.5–5.7, §9.1, §9.3): apply it to the room
 * and return the new rendered state, or discard it with the rule it breaks. Pure: the history given
 * is never changed.
 */
export function interpretMessage(history: RoomHistory, incoming: Incoming): Interpretation {
  const decoded = decodeMimiContent(incoming.bytes)
  if (!decoded.ok) {
    return { ok: false, rule: decoded.error.rule, detail: formatContentError(decoded.error), error: decoded.error }
  }
  const content = decoded.value
  const refusal = checkClaims(history, incoming, content)
  if (refusal !== null) return refusal
  const id = hex(computeMessageId(incoming.sender, history.roomUri, incoming.bytes, content.salt))
  const byId = new Map(history.entries.map((e) => [e.id, e]))
  if (byId.has(id)) return refuse("content.semantics.duplicate-id", `message ID ${id} was already received`)
  const outcome = classify(byId, incoming.sender, content, id)
  if (!outcome.ok) return outcome
  const entry: RoomEntry = { id, sender: incoming.sender, content, acceptedAt: incoming.acceptedAt }
  const next: RoomHistory = { roomUri: history.roomUri, entries: [...history.entries, entry] }
  return { ok: true, effect: outcome.effect, entry, history: next, rendered: renderRoom(next) }
}

const refuse = (rule: ContentRule, detail: string): Interpretation & { ok: false } => ({ ok: false, rule, detail })

function checkClaims(history: RoomHistory, incoming: Incoming, content: MimiContent): Interpretation | null {
  const { senderUri, roomUri } = content.extensions
  if (senderUri !== null && senderUri !== incoming.sender) {
    return refuse("content.semantics.sender-matches", `senderUri ${senderUri} but sent by ${incoming.sender}`)
  }
  if (roomUri !== null && roomUri !== history.roomUri) {
    return refuse("content.semantics.sender-matches", `roomUri ${roomUri} but received in ${history.roomUri}`)
  }
  const e = content.expires
  if (e !== null) {
    const now = Math.floor(incoming.acceptedAt / 1000)
    const late = e.relative ? e.time : e.time - now
    if (late > EXPIRY_WINDOW_SECONDS || (!e.relative && late < -EXPIRY_WINDOW_SECONDS)) {
      return refuse("content.limits.expiry-window", `expiry ${e.relative ? "in" : "at"} ${e.time}s is over a year away`)
    }
  }
  return null
}

function classify(
  byId: ReadonlyMap<string, RoomEntry>, sender: string, content: MimiContent, id: string,
): { ok: true; effect: Effect } | (Interpretation & { ok: false }) {
  if (content.replaces !== null) {
    const target = byId.get(hex(content.replaces))
    if (target === undefined) return { ok: true, effect: "unknown-target" }
    if (target.content.replaces !== null) {
      return refuse("content.semantics.replaces-first-instance", `${target.id} is itself a replacement`)
    }
    if (target.sender !== sender) {
      return refuse("content.semantics.edit-author-only", `${sender} may not replace a message of ${target.sender}`)
    }
    const changed = changedHeader(target.content, content)
    if (changed !== null) return refuse("content.semantics.edit-nested-part-only", `replacement changes ${changed}`)
    const nulled = content.nestedPart.cardinality === 0
    if (isReaction(target.content)) return { ok: true, effect: nulled ? "unreacted" : "reaction-changed" }
    return { ok: true, effect: nulled ? "deleted" : "edited" }
  }
  if (content.inReplyTo !== null) {
    const seen = new Set([id])
    for (let at: string | undefined = hex(content.inReplyTo); at !== undefined;) {
      if (seen.has(at)) return refuse("content.semantics.reply-no-loop", `inReplyTo chain returns to ${at}`)
      seen.add(at)
      const ref: Uint8Array | null | undefined = byId.get(at)?.content.inReplyTo
      at = ref === undefined || ref === null ? undefined : hex(ref)
    }
    return { ok: true, effect: isReaction(content) ? "reacted" : "replied" }
  }
  if (isReaction(content)) return refuse("content.semantics.reaction-has-target", "reaction without inReplyTo")
  return { ok: true, effect: "posted" }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null): boolean =>
  a === null || b === null ? a === b : hex(a) === hex(b)
const sameExpiry = (a: Expiration | null, b: Expiration | null): boolean =>
  a === null || b === null ? a === b : a.relative === b.relative && a.time === b.time

/** §9.3: even the sender may change only the NestedPart; the first header field that differs. */
function changedHeader(original: MimiContent, next: MimiContent): string | null {
  if (!sameBytes(original.topicId, next.topicId)) return "topicId"
  if (!sameBytes(original.inReplyTo, next.inReplyTo)) return "inReplyTo"
  if (!sameExpiry(original.expires, next.expires)) return "expires"
  return null
}
