/**
 * Rooms made only of the target's own users, acting through its driver: the owner creates the room
 * and adds a second local user. What a client saw is read back with the driver's `received`.
 */
import type { CheckFn } from "../../harness/engine/check.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import type { ReceivedItem } from "../../targets/driver/types.ts"
import type { Provider } from "../mimi-protocol/fixtures.ts"
import { settle } from "../mimi-protocol/rooms.ts"

export interface LocalRoom {
  room: string
  alice: string
  aliceClient: string
  bob: string
  bobClient: string
}

export type Item = ReceivedItem & { seq: number }

/** Two users of the target in one room; the owner is alice. */
export async function localRoom(p: Provider, check: CheckFn, id: RequirementId): Promise<LocalRoom> {
  const { user: alice } = check.ok(id, await p.drive("createUser", { name: p.unique("alice") }))
  const { client: aliceClient } = check.ok(id, await p.drive("createClient", { user: alice, device: "phone" }))
  const { user: bob } = check.ok(id, await p.drive("createUser", { name: p.unique("bob") }))
  const { client: bobClient } = check.ok(id, await p.drive("createClient", { user: bob, device: "phone" }))
  const { room } = check.ok(id, await p.drive("createRoom", { client: aliceClient, name: p.unique("room") }))
  check.ok(id, await p.drive("addParticipant", { client: aliceClient, room, user: bob }))
  await settle(p, check, id)
  return { room, alice, aliceClient, bob, bobClient }
}

/** Everything a client of the target received in a room, in delivery order. */
export async function receivedIn(
  p: Provider, check: CheckFn, id: RequirementId, client: string, room: string,
): Promise<Item[]> {
  return check.ok(id, await p.drive("received", { client, room })).items
}

export const messagesWithId = (items: Item[], messageId: string): Item[] =>
  items.filter((i) => i.kind === "message" && i.messageId === messageId)
