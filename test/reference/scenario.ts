import { createServer, type Server } from "node:https"
import type { IncomingHttpHeaders } from "node:http"
import {
  decodeFanoutMessage, decodeSubmitMessageResponse, decodeUpdateRoomResponse, encodeSubmitMessageRequest,
  encodeUpdateRequest, type HandshakeBundle, type UpdateRoomResponse,
} from "../../harness/protocol/mimi/index.ts"
import { decodeGroupInfo, decodeRatchetTree } from "../../harness/protocol/mls/codec/index.ts"
import { peek, rawRequest, startFresh, type Started } from "./helpers.ts"

export const BOB = "mimi://follower.example/u/bob"

export interface Room { s: Started; room: string; alice: string; bob1: string; bob2: string }

/** alice on the hub creates a room and adds bob (two clients on the follower). */
export async function roomWithBob(faults: string[] = []): Promise<Room> {
  const s = await startFresh(faults)
  const { user } = await s.hub.call("createUser", { name: "alice" })
  const alice = (await s.hub.call("createClient", { user, device: "1" })).client
  const room = (await s.hub.call("createRoom", { client: alice, name: "r" })).room
  await s.follower.call("createUser", { name: "bob" })
  const bob1 = (await s.follower.call("createClient", { user: BOB, device: "1" })).client
  const bob2 = (await s.follower.call("createClient", { user: BOB, device: "2" })).client
  await s.hub.call("addParticipant", { client: alice, room, user: BOB })
  await s.settle()
  return { s, room, alice, bob1, bob2 }
}

/** Kinds of the FanoutMessages a provider received, in arrival order. */
export async function inboxKinds(s: Started, who: "hub" | "follower"): Promise<string[]> {
  return (await peek<{ fanout: Buffer }>(s, who, "SELECT fanout FROM inbox ORDER BY seq")).map((r) => {
    const m = decodeFanoutMessage(new Uint8Array(r.fanout))
    return m.ok ? m.value.kind : "?"
  })
}

export interface Captured { headers: IncomingHttpHeaders; body: Buffer; at: number }

/**
 * Stands in for the follower at the network level (same certificate): records every request and
 * answers 201 (or, with `refuseFirst`, refuses the first one), so a test can see exactly what the
 * hub sends to followers and when.
 */
export async function captureFollower(
  r: Room, refuseFirst?: { status: number; retryAfter: string },
): Promise<{ requests: Captured[]; close(): Promise<void> }> {
  const creds = await r.s.pair.clientCredentialsFor("follower.example")
  const requests: Captured[] = []
  const tls = { key: creds.key, cert: creds.cert, ca: r.s.pair.ca.cert, requestCert: true }
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() })
      const refuse = refuseFirst && requests.length === 1
      if (refuse) res.writeHead(refuseFirst.status, { "retry-after": refuseFirst.retryAfter }).end()
      else res.writeHead(201).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const original = r.s.pair.routes.get("follower.example")!
  r.s.pair.routes.set("follower.example", (server.address() as { port: number }).port)
  return {
    requests,
    close: async () => {
      r.s.pair.routes.set("follower.example", original)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The room's last accepted commit as an UpdateRequest (GroupInfo and tree are the hub's current ones). */
export async function lastCommitBundle(
  s: Started,
): Promise<{ bundle: Extract<HandshakeBundle, { kind: "commit" }>; epoch: number }> {
  const sql = "SELECT fanout FROM log WHERE kind = 'commit' ORDER BY seq DESC LIMIT 1"
  const [log] = await peek<{ fanout: Buffer }>(s, "hub", sql)
  const [state] = await peek<{ group_info: Buffer; tree: Buffer; epoch: number }>(s, "hub",
    "SELECT group_info, tree, epoch FROM rooms")
  const fan = decodeFanoutMessage(new Uint8Array(log!.fanout))
  const gi = decodeGroupInfo(new Uint8Array(state!.group_info))
  const tree = decodeRatchetTree(new Uint8Array(state!.tree))
  if (!fan.ok || fan.value.kind !== "commit" || !gi.ok || !tree.ok) throw new Error("no commit in the hub's log")
  return {
    epoch: state!.epoch,
    bundle: {
      kind: "commit", proposalOrCommit: fan.value.message,
      groupInfoOption: { representation: "full", groupInfo: gi.value },
      ratchetTreeOption: { representation: "full", ratchetTree: tree.value },
    },
  }
}

/** Sends an UpdateRequest to the hub as the follower and decodes the answer. */
export async function sendUpdateAsFollower(
  s: Started, roomPath: string, bundle: HandshakeBundle,
): Promise<UpdateRoomResponse> {
  const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
    path: `/v1/update/${roomPath}`, body: encodeUpdateRequest(bundle) })
  const parsed = decodeUpdateRoomResponse(r.body)
  if (!parsed.ok) throw new Error(`HTTP ${r.status}: ${r.text}`)
  return parsed.value
}

/** Submits, as the follower, a copy of the room's first accepted application message under `sendingUri`. */
export async function submitCopyAs(s: Started, roomPath: string, sendingUri: string): Promise<string> {
  const [app] = await peek<{ fanout: Buffer }>(s, "hub", "SELECT fanout FROM log WHERE kind = 'application' LIMIT 1")
  const fan = decodeFanoutMessage(new Uint8Array(app!.fanout))
  if (!fan.ok) throw new Error("no application message in the hub's log")
  const body = encodeSubmitMessageRequest({ protocol: "mls10", appMessage: fan.value.message, sendingUri })
  const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
    path: `/v1/submitMessage/${roomPath}`, body })
  const parsed = decodeSubmitMessageResponse(r.body)
  if (!parsed.ok) throw new Error(`HTTP ${r.status}: ${r.text}`)
  return parsed.value.statusCode
}
