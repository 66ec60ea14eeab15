import { Disposition, type MimiContent, type NestedPart } from "./types.ts"

/** One accepted message of a room, in hub order. IDs are lowercase hex. */
export interface RoomEntry {
  readonly id: string
  /** The authenticated sender's user URI (from MLS), not the content's own claim. */
  readonly sender: string
  readonly content: MimiContent
  /** Hub accepted timestamp, milliseconds since the UNIX epoch. */
  readonly acceptedAt: number
}

export interface RoomHistory {
  readonly roomUri: string
  readonly entries: readonly RoomEntry[]
}

export interface Reaction {
  /** First-instance ID of the reaction message. */
  readonly id: string
  readonly sender: string
  readonly body: NestedPart
}

/** What a client shows for one message after every edit, delete and reaction applied so far. */
export interface RenderedMessage {
  /** First-instance ID. */
  readonly id: string
  readonly sender: string
  readonly inReplyTo: string | null
  readonly topicId: string
  /** null once deleted: a placeholder stays. */
  readonly body: NestedPart | null
  /** Every version's message ID, first instance first. */
  readonly versions: readonly string[]
  readonly edited: boolean
  readonly deleted: boolean
  readonly reactions: readonly Reaction[]
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex")

/** A message whose top-level part has the reaction disposition (one reaction or several in a MultiPart). */
export const isReaction = (c: MimiContent): boolean => c.nestedPart.disposition === Disposition.reaction

/** Folds the accepted history into the rendered room, in order of first appearance. */
export function renderRoom(history: RoomHistory): RenderedMessage[] {
  const messages = new Map<string, Mutable>()
  const versionOf = new Map<string, string>()
  const reactionHost = new Map<string, string>()
  for (const { id, sender, content } of history.entries) {
    if (content.replaces !== null) {
      const first = hex(content.replaces)
      const host = messages.get(reactionHost.get(first) ?? "")
      const target = messages.get(first)
      if (host !== undefined) {
        const others = host.reactions.filter((r) => r.id !== first)
        const body = content.nestedPart
        host.reactions = body.cardinality === 0 ? others : [...others, { id: first, sender, body }]
      } else if (target !== undefined) {
        target.versions = [...target.versions, id]
        target.deleted = content.nestedPart.cardinality === 0
        target.body = target.deleted ? null : content.nestedPart
        target.edited = !target.deleted
      }
      versionOf.set(id, first)
      continue
    }
    const replyTo = content.inReplyTo === null ? null : hex(content.inReplyTo)
    if (isReaction(content)) {
      const host = messages.get(versionOf.get(replyTo ?? "") ?? "")
      if (host !== undefined) {
        host.reactions = [...host.reactions, { id, sender, body: content.nestedPart }]
        reactionHost.set(id, host.id)
      }
      continue
    }
    versionOf.set(id, id)
    messages.set(id, {
      id, sender, inReplyTo: replyTo, topicId: hex(content.topicId), body: content.nestedPart,
      versions: [id], edited: false, deleted: false, reactions: [],
    })
  }
  return [...messages.values()]
}

type Mutable = { -readonly [K in keyof RenderedMessage]: RenderedMessage[K] }
