import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DriverClient } from "../../targets/driver/client.ts"
import { loadOrCreatePki } from "../../targets/reference/ca.ts"
import { DRIVER_DOMAIN, FOLLOWER_DOMAIN, HUB_DOMAIN } from "../../targets/reference/pair.ts"
import { freePort } from "../../targets/reference/suite-session.ts"

const SCRIPT = fileURLToPath(new URL("./fixtures/provider-process.ts", import.meta.url))
const BOB = "mimi://follower.example/u/bob"

/** Crash safety of the reference provider, with each provider in its own process (killed with SIGKILL). */
describe("reference provider: kill mid-fan-out and mid-delivery, restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "reference-crash-"))
  const ports: Record<string, number> = {}
  const procs: Record<string, ChildProcess> = {}
  const drivers: Record<string, DriverClient> = {}
  let room = ""
  let alice = ""
  const bobs: string[] = []

  const start = (domain: string) => new Promise<void>((resolve, reject) => {
    const args = JSON.stringify({ domain, dataDir, port: ports[domain], routes: ports })
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, args], { stdio: ["ignore", "pipe", "inherit"] })
    procs[domain] = child
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve()
    })
    child.on("exit", (code) => reject(new Error(`${domain} exited with ${code}`)))
  })
  const kill = (domain: string) => new Promise<void>((resolve) => {
    procs[domain]!.once("exit", () => resolve())
    procs[domain]!.kill("SIGKILL")
  })
  const settle = async () => {
    for (let i = 0; i < 2; i++) {
      expect((await drivers[HUB_DOMAIN]!.call("settle", { timeoutMs: 20_000 })).settled).toBe(true)
      expect((await drivers[FOLLOWER_DOMAIN]!.call("settle", { timeoutMs: 20_000 })).settled).toBe(true)
    }
  }
  const texts = async (client: string) => (await drivers[FOLLOWER_DOMAIN]!.call("received", { client, room })).items
    .filter((i) => i.kind === "message").map((i) => i.text)
  const outbox = () => {
    const db = new Database(join(dataDir, HUB_DOMAIN, "store.sqlite"), { readonly: true })
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM outbox").get() as { n: number }).n
    } finally {
      db.close()
    }
  }

  beforeAll(async () => {
    const pki = await loadOrCreatePki(dataDir, [HUB_DOMAIN, FOLLOWER_DOMAIN, DRIVER_DOMAIN])
    for (const d of [HUB_DOMAIN, FOLLOWER_DOMAIN]) ports[d] = await freePort()
    await Promise.all([start(HUB_DOMAIN), start(FOLLOWER_DOMAIN)])
    const creds = pki.identities[DRIVER_DOMAIN]!
    for (const d of [HUB_DOMAIN, FOLLOWER_DOMAIN]) {
      const origin = `https://127.0.0.1:${ports[d]}`
      drivers[d] = new DriverClient({ domain: d, origin, ca: pki.ca, cert: creds.cert, key: creds.key })
    }
    const hub = drivers[HUB_DOMAIN]!
    const follower = drivers[FOLLOWER_DOMAIN]!
    const { user } = await hub.call("createUser", { name: "alice" })
    alice = (await hub.call("createClient", { user, device: "1" })).client
    room = (await hub.call("createRoom", { client: alice, name: "crash" })).room
    await follower.call("createUser", { name: "bob" })
    for (const device of ["1", "2"]) bobs.push((await follower.call("createClient", { user: BOB, device })).client)
    await hub.call("addParticipant", { client: alice, room, user: BOB })
    await settle()
  })
  afterAll(async () => {
    await Promise.all(Object.values(drivers).map((d) => d.close()))
    for (const p of Object.values(procs)) if (p.exitCode === null) p.kill("SIGKILL")
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("loses no accepted message and delivers none twice when the hub dies mid-fan-out", async () => {
    procs[FOLLOWER_DOMAIN]!.kill("SIGSTOP")
    const sent: string[] = []
    for (let i = 0; i < 8; i++) {
      const r = await drivers[HUB_DOMAIN]!.call("sendMessage", { client: alice, room, text: `m${i}` })
      expect(r.status).toBe("accepted")
      sent.push(`m${i}`)
    }
    expect(outbox()).toBeGreaterThan(0)
    await kill(HUB_DOMAIN)
    procs[FOLLOWER_DOMAIN]!.kill("SIGCONT")
    await start(HUB_DOMAIN)
    await settle()
    for (const b of bobs) expect(await texts(b)).toEqual(sent)
  })

  it("delivers every message exactly once when the follower dies while delivering", async () => {
    const before = await texts(bobs[0]!)
    const sent: string[] = []
    for (let i = 8; i < 16; i++) {
      await drivers[HUB_DOMAIN]!.call("sendMessage", { client: alice, room, text: `m${i}` })
      sent.push(`m${i}`)
    }
    await kill(FOLLOWER_DOMAIN)
    await start(FOLLOWER_DOMAIN)
    await settle()
    for (const b of bobs) expect(await texts(b)).toEqual([...before, ...sent])
  })
})
