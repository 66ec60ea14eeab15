/**
 * The room the mimi-throughput bench sends into: on a fresh reference pair, alice (hub) creates it
 * and adds bob (follower) and dave, a user of the suite's own peer provider `driver.test`. Dave's
 * client then encrypts MIMI content with ts-mls and the bench submits it to the hub as a provider.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createApplicationMessage, encodeMlsMessage } from "ts-mls"
import { encodeFrankedAad } from "../harness/protocol/mimi/franking-structs.ts"
import { computeFrankingTag } from "../harness/protocol/mimi/franking.ts"
import { encodeSubmitMessageRequest } from "../harness/protocol/mimi/submit.ts"
import { decodeMlsMessage } from "../harness/protocol/mls/codec/mls-message.ts"
import { DriverClient } from "../targets/driver/client.ts"
import { peerSuite, sha256 } from "../targets/mimi-http/device.ts"
import { MimiPeer } from "../targets/mimi-http/peer.ts"
import type { PeerUser } from "../targets/mimi-http/users.ts"
import { buildContent } from "../targets/reference/local/content.ts"
import { DRIVER_DOMAIN, HUB_DOMAIN, startReferencePair, type ReferencePair } from "../targets/reference/index.ts"
import { uriToPath } from "../targets/reference/uris.ts"

export interface BenchRoom {
  pair: ReferencePair
  /** TLS material of the suite's provider domain (driver.test), issued by the pair's CA. */
  tls: { ca: string; cert: string; key: string }
  hub: DriverClient
  follower: DriverClient
  room: string
  bobClient: string
  dave: PeerUser
  /** Path of the hub's submitMessage endpoint for the room. */
  submitPath: string
  /** Waits until both providers have fanned out and delivered everything accepted. */
  settle(): Promise<void>
  close(): Promise<void>
}

export async function benchRoom(): Promise<BenchRoom> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-mimi-"))
  const pair = await startReferencePair({ dataDir })
  const creds = await pair.clientCredentialsFor(DRIVER_DOMAIN)
  const tls = { ca: pair.ca.cert, cert: creds.cert, key: creds.key }
  const driver = (h: ReferencePair["hub"]) => new DriverClient({ domain: h.domain, origin: h.origin, ...tls })
  const hub = driver(pair.hub)
  const follower = driver(pair.follower)
  const peer = await MimiPeer.start({
    target: { domain: HUB_DOMAIN, directoryUrl: `${pair.hub.origin}/.well-known/mimi-protocol-directory` }, tls,
    listenPort: 0, requestTimeoutMs: 10_000,
  })
  pair.routes.set(DRIVER_DOMAIN, await peer.listen(AbortSignal.timeout(10_000)))
  peer.bind(undefined)
  const settle = async () => {
    for (let i = 0; i < 2; i++) {
      await hub.call("settle", { timeoutMs: 120_000 }, 130_000)
      await follower.call("settle", { timeoutMs: 120_000 }, 130_000)
    }
  }
  const close = async () => {
    await Promise.all([hub.close(), follower.close(), peer.close()])
    await pair.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const { user: alice } = await hub.call("createUser", { name: "alice" })
    const { client: aliceClient } = await hub.call("createClient", { user: alice, device: "phone" })
    const { room } = await hub.call("createRoom", { client: aliceClient, name: "bench" })
    const { user: bob } = await follower.call("createUser", { name: "bob" })
    const { client: bobClient } = await follower.call("createClient", { user: bob, device: "phone" })
    await hub.call("addParticipant", { client: aliceClient, room, user: bob })
    const dave = await peer.users.addUser("dave", 1, 2, BigInt(Math.floor(Date.now() / 1000)))
    const found = await peer.discover(AbortSignal.timeout(10_000))
    if (!found.ok || found.value.directory === undefined) throw new Error("the hub's directory was not discovered")
    await hub.call("addParticipant", { client: aliceClient, room, user: dave.uri })
    await settle()
    const submitPath = `/v1/submitMessage/${uriToPath(room)}`
    return { pair, tls, hub, follower, room, bobClient, dave, submitPath, settle, close }
  } catch (e) {
    await close()
    throw e
  }
}

/**
 * `count` SubmitMessageRequest bodies from dave's client, built as a provider does for its user:
 * MIMI content, the franking tag in the AAD, one ts-mls PrivateMessage each (consecutive generations).
 */
export async function submitBodies(r: BenchRoom, count: number): Promise<Uint8Array[]> {
  const device = r.dave.devices[0]!
  const suite = await peerSuite()
  const bodies: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const { bytes, content } = buildContent(r.dave.uri, r.room, { text: `bench message ${i}` })
    const aad = encodeFrankedAad(computeFrankingTag(content.salt, bytes))
    const out = await createApplicationMessage(device.state(r.room), bytes, suite, aad)
    device.adopt(r.room, out.newState)
    const message = encodeMlsMessage({
      version: "mls10", wireformat: "mls_private_message", privateMessage: out.privateMessage,
    })
    device.sent.add(sha256(message))
    const decoded = decodeMlsMessage(message)
    if (!decoded.ok) throw new Error("own PrivateMessage does not decode")
    bodies.push(encodeSubmitMessageRequest({ protocol: "mls10", appMessage: decoded.value, sendingUri: r.dave.uri }))
  }
  return bodies
}
