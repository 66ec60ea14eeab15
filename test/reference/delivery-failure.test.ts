import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { checkServerIdentity } from "node:tls"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { Client } from "undici"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeFanoutMessage, encodeNotifyBody, type FanoutMessage } from "../../harness/protocol/mimi/index.ts"
import { DriverClient } from "../../targets/driver/client.ts"
import { loadOrCreatePki } from "../../targets/reference/ca.ts"
import { DRIVER_DOMAIN, FOLLOWER_DOMAIN, HUB_DOMAIN } from "../../targets/reference/pair.ts"
import { freePort } from "../../targets/reference/suite-session.ts"
import { startProvider, type ProviderHandle } from "../../targets/reference/provider.ts"
import { uriToPath } from "../../targets/reference/uris.ts"

const SCRIPT = fileURLToPath(new URL("./fixtures/provider-process.ts", import.meta.url))
const BOB = "mimi://follower.example/u/bob"

/**
 * A follower whose delivery to a local client throws must not crash or stall: the follower runs in
 * its own process, the hub in this one. The test, holding the hub's certificate, notifies the
 * follower of copies of a real application message, commit and Welcome with an MLS version ts-mls
 * cannot read, so delivery throws before decryption; later messages must still arrive.
 */
describe("reference delivery: a message that throws while delivered", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "reference-poison-"))
  let hub: ProviderHandle
  let follower: ChildProcess
  let stderr = ""
  let followerPort = 0
  const drivers: Record<string, DriverClient> = {}
  let room = ""
  let alice = ""
  const bobs: string[] = []

  const settle = async () => {
    for (let i = 0; i < 2; i++) {
      expect((await drivers[HUB_DOMAIN]!.call("settle", { timeoutMs: 20_000 })).settled).toBe(true)
      expect((await drivers[FOLLOWER_DOMAIN]!.call("settle", { timeoutMs: 20_000 })).settled).toBe(true)
    }
  }
  /** The last FanoutMessage of `kind` in the hub's log, as sent with MLS version 2. */
  const unreadableCopy = (kind: FanoutMessage["kind"]): FanoutMessage => {
    const db = new Database(join(dataDir, HUB_DOMAIN, "store.sqlite"), { readonly: true })
    try {
      const row = db.prepare("SELECT fanout FROM log WHERE kind = ? ORDER BY seq DESC LIMIT 1").get(kind) as
        { fanout: Buffer }
      const m = decodeFanoutMessage(new Uint8Array(row.fanout))
      if (!m.ok) throw new Error(`the hub's last ${kind} does not decode`)
      return { ...m.value, message: { ...m.value.message, version: 2 } }
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    const pki = await loadOrCreatePki(dataDir, [HUB_DOMAIN, FOLLOWER_DOMAIN, DRIVER_DOMAIN])
    followerPort = await freePort()
    const routes = new Map([[FOLLOWER_DOMAIN, followerPort]])
    hub = await startProvider({
      domain: HUB_DOMAIN, dataDir: join(dataDir, HUB_DOMAIN), port: 0, ca: pki.ca, tls: pki.identities[HUB_DOMAIN]!,
      routes, driverDomain: DRIVER_DOMAIN,
    })
    routes.set(HUB_DOMAIN, hub.port)
    const args = JSON.stringify({
      domain: FOLLOWER_DOMAIN, dataDir, port: followerPort, routes: Object.fromEntries(routes),
    })
    follower = spawn(process.execPath, ["--import", "tsx", SCRIPT, args], { stdio: ["ignore", "pipe", "pipe"] })
    follower.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    await new Promise<void>((resolve, reject) => {
      follower.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("ready")) resolve()
      })
      follower.on("exit", (code) => reject(new Error(`follower exited with ${code}: ${stderr}`)))
    })
    const creds = pki.identities[DRIVER_DOMAIN]!
    for (const [d, port] of routes) {
      drivers[d] = new DriverClient({ domain: d, origin: `https://127.0.0.1:${port}`, ca: pki.ca, ...creds })
    }
    const h = drivers[HUB_DOMAIN]!
    const f = drivers[FOLLOWER_DOMAIN]!
    const { user } = await h.call("createUser", { name: "alice" })
    alice = (await h.call("createClient", { user, device: "1" })).client
    room = (await h.call("createRoom", { client: alice, name: "poison" })).room
    await f.call("createUser", { name: "bob" })
    for (const device of ["1", "2"]) bobs.push((await f.call("createClient", { user: BOB, device })).client)
    await h.call("addParticipant", { client: alice, room, user: BOB })
    await settle()
  })
  afterAll(async () => {
    await Promise.all(Object.values(drivers).map((d) => d.close()))
    if (follower?.exitCode === null) follower.kill("SIGKILL")
    await hub?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("records the message as undeliverable, logs it, and delivers the later ones", async () => {
    const send = (text: string) => drivers[HUB_DOMAIN]!.call("sendMessage", { client: alice, room, text })
    expect((await send("before")).status).toBe("accepted")
    await settle()
    // 1. The hub's certificate notifies the follower of the unreadable copies.
    const creds = await loadOrCreatePki(dataDir, [HUB_DOMAIN])
    const client = new Client(`https://127.0.0.1:${followerPort}`, {
      connect: {
        ca: creds.ca, cert: creds.identities[HUB_DOMAIN]!.cert, key: creds.identities[HUB_DOMAIN]!.key,
        servername: FOLLOWER_DOMAIN, checkServerIdentity: (_h, c) => checkServerIdentity(FOLLOWER_DOMAIN, c),
      },
    })
    try {
      const res = await client.request({
        method: "POST", path: `/v1/notify/${uriToPath(room)}`,
        headers: { host: FOLLOWER_DOMAIN, from: `mimi@${HUB_DOMAIN}` },
        body: Buffer.from(encodeNotifyBody((["application", "commit", "welcome"] as const).map(unreadableCopy))),
      })
      await res.body.arrayBuffer()
      expect(res.statusCode).toBe(201)
    } finally {
      await client.close()
    }
    // 2. Messages accepted after the poison still arrive, at both of bob's clients.
    expect((await send("after 1")).status).toBe("accepted")
    expect((await send("after 2")).status).toBe("accepted")
    await settle()
    for (const bob of bobs) {
      const { items } = await drivers[FOLLOWER_DOMAIN]!.call("received", { client: bob, room })
      expect(items.filter((i) => i.kind === "message").map((i) => i.text)).toEqual(["before", "after 1", "after 2"])
      const failed = items.filter((i) => i.kind === "undecryptable" || i.kind === "rejected")
      expect(failed).toMatchObject([
        { kind: "undecryptable", reason: expect.stringMatching(/^undeliverable: /) },
        { kind: "rejected", handshake: "commit", reason: expect.stringMatching(/^undeliverable: /) },
      ])
    }
    // 3. The follower process is still up and logged each failure.
    expect(follower.exitCode).toBeNull()
    expect(follower.signalCode).toBeNull()
    expect(stderr).toMatch(/\[follower\.example\] inbox #\d+ .* not delivered to .*bob\/1: ts-mls cannot read/)
    // The Welcome throws before any client is known: logged only.
    expect(stderr).toMatch(/\[follower\.example\] inbox #\d+ \(\S+\) not delivered: ts-mls cannot read/)
    expect(stderr).not.toMatch(/Unhandled|uncaught/i)
  })
})
