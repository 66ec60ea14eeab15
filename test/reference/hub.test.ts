import { randomBytes } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  decodeFanoutMessage, decodeGroupInfoResponse, decodeIdentifierResponse, encodeConsentEntry, encodeGroupInfoRequest,
  encodeIdentifierRequest, signGroupInfoRequest, type GroupInfoRequestTbs,
  type HandshakeBundle,
} from "../../harness/protocol/mimi/index.ts"
import { encodeKeyPackage } from "../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { peek, rawRequest, startFresh, type Started } from "./helpers.ts"
import { buildKeyMaterialRequest, claimFromFollower } from "./key-material-request.ts"
import { lastCommitBundle, sendUpdateAsFollower, submitCopyAs } from "./scenario.ts"

const cs = cipherSuite(1)!
const u8 = (b: Buffer) => new Uint8Array(b)
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
/** A client of a user who is not in the room. */
const EVE = "mimi://follower.example/d/eve/1"

describe("reference hub semantics", () => {
  let s: Started
  let room = ""
  let alice = ""
  const bob = "mimi://follower.example/u/bob"

  const claim = (target: string, suites = [1]) => claimFromFollower(s, target, room, suites)

  beforeAll(async () => {
    s = await startFresh()
    const { user } = await s.hub.call("createUser", { name: "alice" })
    alice = (await s.hub.call("createClient", { user, device: "1" })).client
    room = (await s.hub.call("createRoom", { client: alice, name: "semantics" })).room
    await s.follower.call("createUser", { name: "bob" })
    await s.follower.call("createClient", { user: bob, device: "1" })
    await s.follower.call("createClient", { user: bob, device: "2" })
    await s.hub.call("addParticipant", { client: alice, room, user: bob })
    await s.hub.call("sendMessage", { client: alice, room, text: "first" })
    await s.settle()
  })
  afterAll(async () => {
    await s?.close()
  })

  it("hands out one KeyPackage per client, each at most once, then reports exhaustion", async () => {
    const carol = (await s.follower.call("createUser", { name: "carol" })).user
    await s.follower.call("createClient", { user: carol, device: "1", keyPackages: 2 })
    await s.follower.call("createClient", { user: carol, device: "2", keyPackages: 1 })
    const first = await claim(carol)
    expect(first.userStatus).toBe("success")
    expect(first.clients.map((c) => c.clientStatus)).toEqual(["success", "success"])
    const second = await claim(carol)
    expect(second.userStatus).toBe("partialSuccess")
    expect(second.clients.map((c) => c.clientStatus)).toEqual(["success", "keyMaterialExhausted"])
    const kps = [...first.clients, ...second.clients]
      .flatMap((c) => (c.clientStatus === "success" ? [hex(encodeKeyPackage(c.keyPackage))] : []))
    expect(new Set(kps).size).toBe(3)
  })

  it("never returns an expired KeyPackage", async () => {
    const dave = (await s.follower.call("createUser", { name: "dave" })).user
    const { client } = await s.follower.call("createClient", { user: dave, device: "1", keyPackages: 0 })
    await s.follower.call("publishKeyPackages", { client, count: 2, expired: true })
    const r = await claim(dave)
    expect(r.clients.map((c) => c.clientStatus)).toEqual(["keyMaterialExhausted"])
  })

  it("negotiates the ciphersuite and names unknown users", async () => {
    const r = await claim(bob, [2])
    expect(r.userStatus).toBe("noCompatibleMaterial")
    expect(r.clients.map((c) => c.clientStatus)).toEqual(["nothingCompatible", "nothingCompatible"])
    const unknown = await claim("mimi://follower.example/u/nobody")
    const nobody = "mimi://follower.example/u/nobody"
    expect(unknown).toEqual({ protocol: "mls10", userStatus: "userUnknown", userUri: nobody, clients: [] })
  })

  it("refuses a KeyMaterialRequest whose signature does not verify", async () => {
    const body = buildKeyMaterialRequest(bob, room)
    body[body.length - 1]! ^= 1
    const r = await rawRequest(s, { to: "follower", certDomain: "hub.example", from: "mimi@hub.example",
      path: "/v1/keyMaterial/follower.example/u/bob", body })
    expect(r.status).toBe(403)
  })

  it("sends the Welcome only to the provider owning the KeyPackages", async () => {
    const kinds = async (who: "hub" | "follower") =>
      (await peek<{ fanout: Buffer }>(s, who, "SELECT fanout FROM inbox ORDER BY seq"))
      .map((r) => {
        const m = decodeFanoutMessage(u8(r.fanout))
        return m.ok ? m.value.kind : "?"
      })
    expect(await kinds("hub")).toEqual(["commit", "application"])
    expect(await kinds("follower")).toEqual(["commit", "welcome", "application"])
  })

  it("answers a commit for a past epoch with wrongEpoch and the current epoch; validates before fan-out", async () => {
    const { bundle, epoch } = await lastCommitBundle(s)
    const send = (b: HandshakeBundle) => sendUpdateAsFollower(s, "hub.example/r/semantics", b)
    expect(await send(bundle)).toMatchObject({ responseCode: "wrongEpoch", currentEpoch: BigInt(epoch) })
    // The same commit moved to the current epoch: its signature no longer verifies.
    const m = bundle.proposalOrCommit
    if (m.wireFormat !== "mls_public_message") throw new Error("not a PublicMessage")
    const content = { ...m.publicMessage.content, epoch: BigInt(epoch) }
    const moved = { ...bundle, proposalOrCommit: { ...m, publicMessage: { ...m.publicMessage, content } } }
    const before = await peek(s, "hub", "SELECT seq FROM log")
    expect(await send(moved)).toMatchObject({ responseCode: "notAllowed" })
    expect(await peek(s, "hub", "SELECT seq FROM log")).toHaveLength(before.length)
  })

  it("treats a byte-identical notify as a duplicate: 201, processed once", async () => {
    const [app] = await peek<{ fanout: Buffer }>(s, "hub", "SELECT fanout FROM log WHERE kind = 'application' LIMIT 1")
    const inboxBefore = await peek(s, "follower", "SELECT seq FROM inbox")
    for (let i = 0; i < 2; i++) {
      const r = await rawRequest(s, { to: "follower", certDomain: "hub.example", from: "mimi@hub.example",
        path: "/v1/notify/hub.example/r/semantics", body: u8(app!.fanout) })
      expect(r.status).toBe(201)
    }
    expect(await peek(s, "follower", "SELECT seq FROM inbox")).toHaveLength(inboxBefore.length)
  })

  it("answers groupInfo for an unknown room or a non-participant with notAuthorized", async () => {
    const priv = randomBytes(32)
    const tbs: GroupInfoRequestTbs = {
      protocol: "mls10", cipherSuite: 1, requestingSignatureKey: cs.signaturePublicKey(priv)!,
      groupInfoPublicKey: randomBytes(32),
      requestingCredential: { credentialType: 1, identity: new TextEncoder().encode(EVE) },
    }
    const body = encodeGroupInfoRequest(signGroupInfoRequest(cs, priv, tbs))
    for (const path of ["/v1/groupInfo/hub.example/r/semantics", "/v1/groupInfo/hub.example/r/nowhere"]) {
      const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example", path,
        body })
      const parsed = decodeGroupInfoResponse(r.body)
      expect(parsed.ok && parsed.value.status).toBe("notAuthorized")
    }
  })

  it("acknowledges consent requests (201, also for unknown users) and answers identifier queries", async () => {
    const entry = (targetUri: string) => encodeConsentEntry({
      consentOperation: "request", requesterUri: "mimi://follower.example/u/bob", targetUri, consentExtensions: [],
    })
    for (const target of ["mimi://hub.example/u/alice", "mimi://hub.example/u/nobody"]) {
      const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
        path: "/v1/requestConsent/hub.example", body: entry(target) })
      expect(r.status, target).toBe(201)
    }
    const query = (searchType: "nick" | "partialName", value: string) => encodeIdentifierRequest({
      queryElements: [{ searchType, searchValue: new TextEncoder().encode(value) }], idRequestExtensions: [],
    })
    const ask = async (body: Uint8Array) => {
      const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
        path: "/v1/identifierQuery/hub.example", body })
      const parsed = decodeIdentifierResponse(r.body)
      if (!parsed.ok) throw new Error(r.text)
      return parsed.value
    }
    const alice = "mimi://hub.example/u/alice"
    expect(await ask(query("nick", "alice"))).toMatchObject({ responseCode: "success", uris: [alice] })
    expect(await ask(query("nick", "zed"))).toMatchObject({ responseCode: "notFound", uris: [] })
  })

  it("cuts off a removed user: its provider can no longer submit for it", async () => {
    await s.hub.call("removeParticipant", { client: alice, room, user: bob })
    await s.settle()
    expect(await submitCopyAs(s, "hub.example/r/semantics", bob)).toBe("notAllowed")
  })
})
