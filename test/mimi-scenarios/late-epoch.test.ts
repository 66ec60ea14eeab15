/**
 * How the peer judges application messages that arrive after a commit (the check on out-of-order
 * delivery across an epoch boundary): the oracle opens a message of the epoch just left, and a
 * message it cannot open — two epochs old, or altered — is recorded as an error, not a plaintext.
 * The room is hosted by a client of the test itself; fan-out is handed to the peer's notify.
 */
import { expect, test } from "vitest"
import { encodeNotifyBody, type FanoutMessage } from "../../harness/protocol/mimi/fanout.ts"
import { decodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { decodeRatchetTree } from "../../harness/protocol/mls/codec/ratchet-tree.ts"
import { Device, sha256 } from "../../targets/mimi-http/device.ts"
import { PeerUsers } from "../../targets/mimi-http/users.ts"

const ROOM = "mimi://hub.example/r/late"
const text = (s: string) => new TextEncoder().encode(s)

function mls(bytes: Uint8Array) {
  const m = decodeMlsMessage(bytes)
  if (!m.ok) throw new Error("own message does not decode")
  return m.value
}

test("a message of the epoch just left is read after its commit; an older or altered one is not", async () => {
  const users = new PeerUsers("driver.test")
  const devices = (await users.addUser("xena", 2, 0, 0n)).devices
  const x2 = devices[1]
  // A lifetime that holds whatever the clock says (ts-mls checks it against the current time).
  const kps = await Promise.all(devices.map(async (d) => (await d.newKeyPackage(0n, 2n ** 62n)).bytes))
  const host = await Device.create("mimi://hub.example/d/host/1")
  const { welcome, tree } = await host.hostRoom(ROOM, text("late-epoch group"), kps)
  const ratchetTree = decodeRatchetTree(tree)
  if (!ratchetTree.ok) throw new Error("own tree does not decode")
  let seq = 0
  const notify = (messages: FanoutMessage[]) => {
    const body = encodeNotifyBody(messages)
    const req = { method: "POST", path: "/v1/notify/x", host: "driver.test", from: "hub.example",
      fromAuthenticated: true, body, sha256: sha256(body), seq: ++seq }
    return users.notify(req, "hub.example/r/late")
  }
  await notify([{ timestamp: 1n, kind: "welcome", message: mls(welcome),
    ratchetTreeOption: { representation: "full", ratchetTree: ratchetTree.value } }])
  expect(users.shadow(x2!.uri, ROOM)?.groupContext.epoch).toBe(1n)
  // Two epochs pass; one message from each of the epochs left behind arrives after both commits.
  const one = await host.encrypt(ROOM, text("one"))
  const first = await host.commit(ROOM)
  host.adopt(ROOM, first.newState)
  const two = await host.encrypt(ROOM, text("two"))
  const second = await host.commit(ROOM)
  host.adopt(ROOM, second.newState)
  const altered = Uint8Array.from(two)
  altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 0x01
  for (const c of [first, second]) {
    await notify([{ timestamp: 2n, kind: "commit", message: mls(c.commit), externalProposals: [] }])
  }
  for (const m of [two, one, altered]) await notify([{ timestamp: 3n, kind: "application", message: mls(m) }])
  const got = (m: Uint8Array) => users.deliveries.find((d) => d.device === x2!.uri && d.messageId === sha256(m))
  expect(users.shadow(x2!.uri, ROOM)?.groupContext.epoch).toBe(3n)
  expect(new TextDecoder().decode(got(two)?.plaintext)).toBe("two")
  for (const m of [one, altered]) {
    expect(got(m)?.plaintext).toBeUndefined()
    expect(got(m)?.error).toMatch(/^oracle: /)
  }
})
