/**
 * Rooms for the provider scenarios: a room on the target hub with one of the target's users, into
 * which the target adds a user of the suite's peer; and what the suite's oracle sees of it.
 */
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue, type Finding } from "../../harness/engine/finding.ts"
import { decodeUpdateRoomResponse } from "../../harness/protocol/mimi/update.ts"
import { appDataDictionaryCodec } from "../../harness/protocol/mimi/common.ts"
import { Component } from "../../harness/protocol/mimi/franking-structs.ts"
import { participantListCodec, type UserRolePair } from "../../harness/protocol/mimi/room-state.ts"
import {
  encodeSubmitMessageRequest, submitMessageResponseCodec, type SubmitMessageResponse,
} from "../../harness/protocol/mimi/submit.ts"
import { decodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import type { MemberState } from "../../harness/protocol/mls/passive/state.ts"
import { mlsExporter } from "../../harness/protocol/mls/schedule/key-schedule.ts"
import { leafAt } from "../../harness/protocol/mls/tree/tree.ts"
import { decode } from "../../harness/protocol/tls-syntax/index.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import type { Outcome } from "../../harness/engine/check.ts"
import type { Device } from "../../targets/mimi-http/device.ts"
import type { PeerUser } from "../../targets/mimi-http/users.ts"
import type { Provider } from "./fixtures.ts"

export interface Room {
  p: Provider
  room: string
  /** The target's user who owns the room, and its client that acts through the driver. */
  owner: string
  ownerClient: string
  peerUser: PeerUser
}

const APP_DATA_DICTIONARY = 0x0006

/** Creates a room on the target and has its owner add a peer user with `devices` clients (one commit). */
export async function roomWithPeerUser(
  p: Provider, check: CheckFn, devices: number, id: RequirementId,
): Promise<Room> {
  const { user: owner } = check.ok(id, await p.drive("createUser", { name: p.unique("alice") }))
  const { client: ownerClient } = check.ok(id, await p.drive("createClient", { user: owner, device: "phone" }))
  const { room } = check.ok(id, await p.drive("createRoom", { client: ownerClient, name: p.unique("room") }))
  const peerUser = await p.peer.users.addUser(p.unique("dave"), devices, 3, p.nowSeconds)
  check.ok(id, await p.peer.discover(p.signal))
  check.ok(id, await p.drive("addParticipant", { client: ownerClient, room, user: peerUser.uri }))
  await settle(p, check, id)
  return { p, room, owner, ownerClient, peerUser }
}

/** Waits until the target has fanned out everything it accepted (the driver's settle). */
export async function settle(p: Provider, check: CheckFn, id: RequirementId): Promise<void> {
  check.ok(id, await p.drive("settle", { timeoutMs: p.requestTimeoutMs }))
}

export const shadowOf = (r: Room, d: Device): MemberState | undefined => r.p.peer.users.shadow(d.uri, r.room)

/** The participant_list component of a GroupContext, as the oracle decoded it. */
export function participantList(s: MemberState): UserRolePair[] | string {
  const ext = s.groupContext.extensions.find((e) => e.extensionType === APP_DATA_DICTIONARY)
  if (ext === undefined) return "no app_data_dictionary extension"
  const dict = decode(appDataDictionaryCodec, ext.extensionData)
  if (!dict.ok) return `app_data_dictionary: ${dict.error.code} at ${dict.error.fieldPath}`
  const item = dict.value.find((c) => c.componentId === Component.participantList)
  if (item === undefined) return "no participant_list component"
  const list = decode(participantListCodec, item.data)
  return list.ok ? list.value : `participant_list: ${list.error.code} at ${list.error.fieldPath}`
}

/** Client URIs (Basic credential identities) of the members in the oracle's tree, by leaf index. */
export function memberClients(s: MemberState): Map<number, string> {
  const out = new Map<number, string>()
  for (let i = 0; i < s.tree.nLeaves; i++) {
    const leaf = leafAt(s.tree, i)
    if (leaf === undefined || !("identity" in leaf.credential)) continue
    out.set(i, new TextDecoder().decode(leaf.credential.identity))
  }
  return out
}

/** Epoch authenticator and a fixed exporter value, as the oracle derived them. */
export function epochValues(s: MemberState): string {
  const exp = mlsExporter(s.cs, s.secrets.exporterSecret, "e2ee-conformance agreement", new Uint8Array(), 32)
  return `epoch ${s.groupContext.epoch} authenticator ${hex(s.secrets.epochAuthenticator)} exporter ${hex(exp)}`
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** Submits an application message of `device` to the hub; the decoded response or why there is none. */
export async function submit(
  r: Room, sender: string, message: Uint8Array,
): Promise<Outcome<SubmitMessageResponse | { status: number }>> {
  const m = decodeMlsMessage(message)
  if (!m.ok) return { ok: false, kind: "rejected", detail: "own message does not decode" }
  const body = encodeSubmitMessageRequest({ protocol: "mls10", appMessage: m.value, sendingUri: sender })
  const got = await r.p.peer.post("submitMessage", r.room, body, { signal: r.p.signal })
  if (!got.ok) return got
  if (got.value.status !== 200) return { ok: true, value: { status: got.value.status } }
  const res = decode(submitMessageResponseCodec, got.value.body)
  if (res.ok) return { ok: true, value: res.value }
  return { ok: false, kind: "rejected", detail: `SubmitMessageResponse: ${res.error.code}` }
}

/** Posts an UpdateRequest body to the hub. */
export async function update(r: Room, body: Uint8Array) {
  return r.p.peer.post("update", r.room, body, { signal: r.p.signal })
}

/** Posts an UpdateRequest and returns the hub's response code (or the HTTP status when there is none). */
export async function updateCode(r: Room, check: CheckFn, id: RequirementId, body: Uint8Array): Promise<string> {
  const reply = check.ok(id, await update(r, body))
  const res = reply.status === 200 ? decodeUpdateRoomResponse(reply.body) : undefined
  return res?.ok ? res.value.responseCode : `HTTP ${reply.status}`
}

/** Every device decrypted the same bytes (hex), none failed. */
export function sameDecrypted(got: string[]): Finding {
  const same = got.length > 0 && got.every((x) => x === got[0] && /^[0-9a-f]+$/.test(x))
  return isTrue(same, "the same plaintext on every device", got.join(" | "))
}

/** Stops a scenario whose setup left the peer's clients outside the room. */
export function notJoined(check: CheckFn, id: RequirementId): void {
  check.fatal(id, { ok: false, expected: "the peer's clients joined the room", actual: "not joined" })
}
