/** Banning a participant (-06 §5.3): listed with the banned role, no clients, cut off, not re-added by a plain add. */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { peek, startFresh, type Started } from "./helpers.ts"
import { submitCopyAs } from "./scenario.ts"

describe("reference hub: a banned user", () => {
  let s: Started
  let room = ""
  let alice = ""
  let bob1 = ""
  const bob = "mimi://follower.example/u/bob"
  const carol = "mimi://hub.example/u/carol"
  const stateOf = async (user: string) =>
    (await peek<{ state: string }>(s, "hub", "SELECT state FROM participants WHERE user_uri = ?", user))[0]?.state

  beforeAll(async () => {
    s = await startFresh()
    const { user } = await s.hub.call("createUser", { name: "alice" })
    alice = (await s.hub.call("createClient", { user, device: "1" })).client
    room = (await s.hub.call("createRoom", { client: alice, name: "banned" })).room
    await s.follower.call("createUser", { name: "bob" })
    bob1 = (await s.follower.call("createClient", { user: bob, device: "1" })).client
    await s.hub.call("createUser", { name: "carol" })
    await s.hub.call("createClient", { user: carol, device: "1" })
    await s.hub.call("addParticipant", { client: alice, room, user: bob })
    await s.hub.call("sendMessage", { client: alice, room, text: "before the ban" })
    await s.settle()
  })
  afterAll(async () => {
    await s?.close()
  })

  it("leaves with all its clients in the banning commit and is recorded as banned", async () => {
    const banned = await s.hub.call("removeParticipant", { client: alice, room, user: bob, ban: true })
    expect(banned.clients).toBe(1)
    await s.settle()
    expect(await stateOf(bob)).toBe("banned")
    const kinds = (await s.follower.call("received", { client: bob1, room })).items.map((i) => i.kind)
    expect(kinds.at(-1)).toBe("removed")
  })

  it("is cut off: its provider can no longer submit for it", async () => {
    expect(await submitCopyAs(s, "hub.example/r/banned", bob)).toBe("notAllowed")
  })

  it("is not re-added by a plain add", async () => {
    const again = await s.hub.call("addParticipant", { client: alice, room, user: bob }).catch((e: Error) => e)
    expect(String(again)).toMatch(/banned/)
    expect(await stateOf(bob)).toBe("banned")
  })

  it("stays listed, so later commits of the room still apply and nothing reaches it", async () => {
    const added = await s.hub.call("addParticipant", { client: alice, room, user: carol })
    expect(added.clients).toBe(1)
    await s.hub.call("sendMessage", { client: alice, room, text: "after the ban" })
    await s.settle()
    expect(await stateOf(carol)).toBe("active")
    const items = (await s.follower.call("received", { client: bob1, room })).items
    expect(items.some((i) => i.text === "after the ban")).toBe(false)
  })
})
