import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startFresh, type Started } from "./helpers.ts"

describe("reference pair: one room end to end through the driver", () => {
  let s: Started
  let room = ""
  let alice = ""
  let bob1 = ""
  let bob2 = ""
  let bob3 = ""
  const bob = "mimi://follower.example/u/bob"

  beforeAll(async () => {
    s = await startFresh()
  })
  afterAll(async () => {
    await s?.close()
  })

  it("creates users, clients and a room on the hub", async () => {
    const { user } = await s.hub.call("createUser", { name: "alice", displayName: "Alice Smith" })
    alice = (await s.hub.call("createClient", { user, device: "1" })).client
    await s.follower.call("createUser", { name: "bob" })
    bob1 = (await s.follower.call("createClient", { user: bob, device: "1" })).client
    bob2 = (await s.follower.call("createClient", { user: bob, device: "2" })).client
    room = (await s.hub.call("createRoom", { client: alice, name: "clubhouse" })).room
    expect(room).toBe("mimi://hub.example/r/clubhouse")
  })

  it("adds the follower user with both clients in one commit", async () => {
    const added = await s.hub.call("addParticipant", { client: alice, room, user: bob })
    expect(added).toMatchObject({ epoch: 1, clients: 2 })
    await s.settle()
    for (const c of [bob1, bob2]) {
      const { items } = await s.follower.call("received", { client: c, room })
      expect(items.map((i) => i.kind)).toEqual(["joined"])
    }
  })

  it("exchanges messages both ways, each decrypted with a verified frank", async () => {
    const a = await s.hub.call("sendMessage", { client: alice, room, text: "hello bob" })
    expect(a.status).toBe("accepted")
    const b = await s.follower.call("sendMessage", { client: bob1, room, text: "hi alice" })
    expect(b.status).toBe("accepted")
    await s.settle()
    const atAlice = (await s.hub.call("received", { client: alice, room })).items.filter((i) => i.kind === "message")
    expect(atAlice.map((i) => [i.text, i.senderUri, i.messageId, i.frank?.verified]))
      .toEqual([["hi alice", bob, b.messageId, true]])
    const atBob2 = (await s.follower.call("received", { client: bob2, room })).items.filter((i) => i.kind === "message")
    expect(atBob2.map((i) => i.text)).toEqual(["hello bob", "hi alice"])
    const atBob1 = (await s.follower.call("received", { client: bob1, room })).items.filter((i) => i.kind === "message")
    expect(atBob1.map((i) => i.text)).toEqual(["hello bob"])
  })

  it("reports abuse with a frank the hub verifies", async () => {
    const msg = (await s.hub.call("received", { client: alice, room })).items.find((i) => i.text === "hi alice")
    const report = await s.hub.call("reportAbuse", { client: alice, room, messageIds: [msg!.messageId!], note: "spam" })
    expect(report.status).toBe(201)
  })

  it("fetches an attachment through the hub's download proxy", async () => {
    const data = Buffer.from("a picture of a cat, encrypted at rest").toString("base64")
    const upload = { client: bob2, dataBase64: data, contentType: "image/png", filename: "cat.png" }
    const { attachment } = await s.follower.call("uploadAttachment", upload)
    expect(attachment.url).toMatch(/^https:\/\/follower\.example\/assets\//)
    const sent = await s.follower.call("sendMessage", { client: bob2, room, text: "see attached", attachment })
    await s.settle()
    const got = await s.hub.call("downloadAttachment", { client: alice, messageId: sent.messageId })
    expect(got.dataBase64).toBe(data)
  })

  it("adds a third device of bob by external commit", async () => {
    bob3 = (await s.follower.call("createClient", { user: bob, device: "3" })).client
    const joined = await s.follower.call("addDevice", { client: bob3, room })
    expect(joined.epoch).toBe(2)
    await s.hub.call("sendMessage", { client: alice, room, text: "welcome, third device" })
    await s.settle()
    const atBob3 = (await s.follower.call("received", { client: bob3, room })).items.filter((i) => i.kind === "message")
    expect(atBob3.map((i) => [i.text, i.frank?.verified])).toEqual([["welcome, third device", true]])
    const atBob1 = (await s.follower.call("received", { client: bob1, room })).items
    expect(atBob1.filter((i) => i.kind === "commit").map((i) => i.epoch)).toEqual([2])
  })

  it("removes the follower user: all its clients leave and see no later message", async () => {
    const removed = await s.hub.call("removeParticipant", { client: alice, room, user: bob })
    expect(removed.clients).toBe(3)
    await s.hub.call("sendMessage", { client: alice, room, text: "after removal" })
    await s.settle()
    for (const c of [bob1, bob2, bob3]) {
      const kinds = (await s.follower.call("received", { client: c, room })).items.map((i) => i.kind)
      expect(kinds.at(-1)).toBe("removed")
      const items = (await s.follower.call("received", { client: c, room })).items
      expect(items.some((i) => i.text === "after removal")).toBe(false)
    }
    const refused = await s.follower.call("sendMessage", { client: bob1, room, text: "still here?" })
      .catch((e: Error) => e)
    expect(String(refused)).toMatch(/not in/)
  })
})
