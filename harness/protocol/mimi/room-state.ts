import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import { readUri, writeEnum, writeUri } from "./common.ts"

/** -06 §7.5 `struct { opaque user<V>; uint32 role_index; } UserRolePair` (user is a MIMI user URI). */
export interface UserRolePair {
  user: string
  roleIndex: number
}

const readPair = (r: Reader): UserRolePair => ({ user: readUri(r, "user"), roleIndex: r.u32("role_index") })
const writePair = (w: Writer, v: UserRolePair) => {
  writeUri(w, v.user)
  w.u32(v.roleIndex)
}

/** ParticipantListData, the participant_list (0x0022) component data. */
export const participantListCodec = codec<UserRolePair[]>("ParticipantListData",
  (r) => r.vector("participants", readPair), (w, v) => w.vector(v, writePair))

/** ParticipantListUpdate, applied as: role changes, then removals, then appended adds. */
export interface ParticipantListUpdate {
  changedRoleParticipants: { userIndex: number; roleIndex: number }[]
  removedIndices: number[]
  addedParticipants: UserRolePair[]
}

export const participantListUpdateCodec = codec<ParticipantListUpdate>("ParticipantListUpdate",
  (r) => ({
    changedRoleParticipants: r.vector("changedRoleParticipants", (r) => ({
      userIndex: r.u32("user_index"), roleIndex: r.u32("role_index"),
    })),
    removedIndices: r.vector("removedIndices", (r) => r.u32("index")),
    addedParticipants: r.vector("addedParticipants", readPair),
  }),
  (w, v) => {
    w.vector(v.changedRoleParticipants, (w, c) => {
      w.u32(c.userIndex)
      w.u32(c.roleIndex)
    })
    w.vector(v.removedIndices, (w, i) => w.u32(i))
    w.vector(v.addedParticipants, writePair)
  })

/** mls-extensions AppDataUpdate: `invalid(0)` is refused on decode. */
export type AppDataUpdate = { componentId: number } & ({ op: "update"; update: Uint8Array } | { op: "remove" })
const APP_DATA_OPS = [undefined, "update", "remove"] as const

export const appDataUpdateCodec = codec<AppDataUpdate>("AppDataUpdate",
  (r) => {
    const componentId = r.u16("component_id")
    const op = r.enum("op", 1, APP_DATA_OPS)
    return op === "update" ? { componentId, op, update: r.opaque("update") } : { componentId, op }
  },
  (w, v) => {
    w.u16(v.componentId)
    writeEnum(w, APP_DATA_OPS, v.op)
    if (v.op === "update") w.opaque(v.update)
  })

const SINGLE_CHANGE = "mimi.handshake.participant-list-single-change"

export type RoomStateResult =
  | { ok: true; value: UserRolePair[] }
  | { ok: false; rule: typeof SINGLE_CHANGE; detail: string }

/**
 * Applies the updates of one commit to a participant list (§7.5), refusing a commit that touches
 * the same user more than once or names an index outside the list.
 */
export function applyParticipantListUpdates(
  list: readonly UserRolePair[], updates: readonly ParticipantListUpdate[],
): RoomStateResult {
  const touched = new Set<string>()
  const fail = (detail: string): RoomStateResult => ({ ok: false, rule: SINGLE_CHANGE, detail })
  let current = [...list]
  for (const u of updates) {
    const byIndex = (i: number) => current[i]?.user
    const names = [...u.changedRoleParticipants.map((c) => byIndex(c.userIndex)), ...u.removedIndices.map(byIndex)]
    if (names.some((n) => n === undefined)) return fail("an index is outside the participant list")
    for (const user of [...(names as string[]), ...u.addedParticipants.map((p) => p.user)]) {
      if (touched.has(user)) return fail(`${user} is changed more than once in one commit`)
      touched.add(user)
    }
    const next = current.map((p) => ({ ...p }))
    for (const c of u.changedRoleParticipants) next[c.userIndex]!.roleIndex = c.roleIndex
    const removed = new Set(u.removedIndices)
    current = [...next.filter((_, i) => !removed.has(i)), ...u.addedParticipants]
    if (new Set(current.map((p) => p.user)).size !== current.length) {
      return fail("an added user is already a participant")
    }
  }
  return { ok: true, value: current }
}

export const decodeParticipantList = (b: Uint8Array) => decode(participantListCodec, b)
export const encodeParticipantList = (v: UserRolePair[]) => encode(participantListCodec, v)
export const decodeParticipantListUpdate = (b: Uint8Array) => decode(participantListUpdateCodec, b)
export const encodeParticipantListUpdate = (v: ParticipantListUpdate) => encode(participantListUpdateCodec, v)
export const decodeAppDataUpdate = (b: Uint8Array) => decode(appDataUpdateCodec, b)
export const encodeAppDataUpdate = (v: AppDataUpdate) => encode(appDataUpdateCodec, v)
