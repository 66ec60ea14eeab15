import { connect } from "node:tls"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DEFAULT_MAX_BODY } from "../../targets/reference/index.ts"
import { rawRequest, startFresh, type Started } from "./helpers.ts"

const DIRECTORY = "/.well-known/mimi-protocol-directory"
const asFollower = { certDomain: "follower.example", from: "mimi@follower.example" } as const

describe("reference provider transport: mutual TLS, From, Host, body limits", () => {
  let s: Started
  beforeAll(async () => {
    s = await startFresh()
  })
  afterAll(async () => {
    await s?.close()
  })

  it("serves the discovery directory to an authenticated peer", async () => {
    const r = await rawRequest(s, { to: "hub", ...asFollower, method: "GET", path: DIRECTORY })
    expect(r.status).toBe(200)
    const dir = JSON.parse(r.text) as Record<string, string>
    expect(dir.notify).toBe("https://hub.example/v1/notify/{roomId}")
    expect(Object.keys(dir)).toHaveLength(10)
  })

  it("refuses a TLS client without a certificate", async () => {
    const outcome = await new Promise<string>((resolve) => {
      const sock = connect({ host: "127.0.0.1", port: s.pair.hub.port, servername: "hub.example", ca: s.pair.ca.cert })
      sock.on("secureConnect", () => {
        sock.write(`GET ${DIRECTORY} HTTP/1.1\r\nHost: hub.example\r\nFrom: mimi@x.example\r\n\r\n`)
      })
      sock.on("data", (d) => resolve(`data ${d.toString().slice(0, 12)}`))
      sock.on("error", (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`))
      sock.on("close", () => resolve("closed"))
    })
    expect(outcome).not.toMatch(/^data HTTP\/1.1 200/)
    expect(outcome).toMatch(/^(error|closed)/)
  })

  it("checks the server's certificate against the domain called (RFC 6125)", async () => {
    const err = await new Promise<string>((resolve) => {
      const opts = { host: "127.0.0.1", port: s.pair.hub.port, servername: "follower.example", ca: s.pair.ca.cert }
      const sock = connect(opts)
      sock.on("secureConnect", () => resolve("connected"))
      sock.on("error", (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message))
    })
    expect(err).toBe("ERR_TLS_CERT_ALTNAME_INVALID")
  })

  it("refuses a From domain the client certificate does not authenticate (403)", async () => {
    const r = await rawRequest(s, { to: "hub", certDomain: "rogue.example", from: "mimi@follower.example",
      method: "GET", path: DIRECTORY })
    expect(r.status).toBe(403)
    expect(r.text).toMatch(/does not authenticate follower.example/)
  })

  it("requires From: mimi@<domain> and a Host naming the provider", async () => {
    const noFrom = await rawRequest(s, { to: "hub", certDomain: "follower.example", method: "GET", path: DIRECTORY })
    expect(noFrom.status).toBe(400)
    const badFrom = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "bob@follower.example",
      method: "GET", path: DIRECTORY })
    expect(badFrom.status).toBe(400)
    const wrongHost = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
      host: "other.example", method: "GET", path: DIRECTORY })
    expect(wrongHost.status).toBe(421)
  })

  it("refuses an oversize body from its Content-Length, before reading it", async () => {
    const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
      path: "/v1/notify/hub.example/r/x", body: new Uint8Array(DEFAULT_MAX_BODY + 1) })
    expect(r.status).toBe(413)
  })

  it("answers malformed bodies with 400 and the decode error, and keeps serving", async () => {
    const garbage = new Uint8Array([0xff, 0x00, 0x13])
    const cases = [
      ["/v1/keyMaterial/follower.example/u/bob", "follower", "hub.example", /KeyMaterialRequest/],
      ["/v1/notify/hub.example/r/any", "follower", "hub.example", /FanoutMessage/],
      ["/v1/groupInfo/hub.example/r/any", "hub", "follower.example", /GroupInfoRequest/],
      ["/v1/requestConsent/hub.example", "hub", "follower.example", /ConsentEntry/],
      ["/v1/identifierQuery/hub.example", "hub", "follower.example", /IdentifierRequest/],
    ] as const
    for (const [path, to, from, reason] of cases) {
      const r = await rawRequest(s, { to, certDomain: from, from: `mimi@${from}`, path, body: garbage })
      expect(r.status, path).toBe(400)
      expect(r.text, path).toMatch(reason)
      expect(r.text, path).toMatch(/E_[A-Z_]+ at .* \(offset \d+\)/)
    }
    const still = await rawRequest(s, { to: "hub", ...asFollower, method: "GET", path: DIRECTORY })
    expect(still.status).toBe(200)
  })

  it("answers an unknown room with 404 on update, submitMessage and reportAbuse", async () => {
    for (const ep of ["update", "submitMessage", "reportAbuse"]) {
      const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
        path: `/v1/${ep}/hub.example/r/nowhere`, body: new Uint8Array([1]) })
      expect(r.status, ep).toBe(404)
    }
  })

  it("accepts notify only from the room's hub", async () => {
    const r = await rawRequest(s, { to: "follower", certDomain: "rogue.example", from: "mimi@rogue.example",
      path: "/v1/notify/hub.example/r/any", body: new Uint8Array([0]) })
    expect(r.status).toBe(403)
  })

  it("keeps the driver API to the driver certificate and to its schema", async () => {
    const r = await rawRequest(s, { to: "hub", certDomain: "follower.example", method: "GET", path: "/driver/v1/info" })
    expect(r.status).toBe(403)
    const outside = await rawRequest(s, { to: "hub", certDomain: "driver.test", method: "POST",
      path: "/driver/v1/createUser", body: new TextEncoder().encode(JSON.stringify({ nom: "x" })),
      headers: { "content-type": "application/json" } })
    expect(outside.status).toBe(400)
    expect(JSON.parse(outside.text)).toMatchObject({ error: { code: "E_SCHEMA" } })
    const unknown = await rawRequest(s, { to: "hub", certDomain: "driver.test", method: "POST", path: "/driver/v1/fly",
      body: new TextEncoder().encode("{}") })
    expect(unknown.status).toBe(404)
    const info = await s.hub.info()
    expect(info).toMatchObject({ driverVersion: "1.0", provider: "hub.example", cipherSuites: [1], faults: [] })
  })
})
