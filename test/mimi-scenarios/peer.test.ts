/**
 * The suite's peer provider on its own (no target): mTLS both ways, traps, the transcript's
 * redaction, keyMaterial served single-use, and the pure checks the scenarios use, each shown
 * able to fail.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { Recorder } from "../../harness/engine/check.ts"
import { decodeKeyMaterialResponse } from "../../harness/protocol/mimi/key-material.ts"
import { decodeKeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import { MimiClient } from "../../targets/mimi-http/client.ts"
import { MimiPeer } from "../../targets/mimi-http/peer.ts"
import { selfSignedIdentity } from "../../targets/mimi-http/self-signed.ts"
import { redact, Transcript } from "../../targets/mimi-http/transcript.ts"
import { loadOrCreatePki } from "../../targets/reference/ca.ts"
import { checkNoTraps, keyMaterialRequest, keyPackageProblems, refused } from "../../suites/mimi-protocol/support.ts"

const dir = mkdtempSync(join(tmpdir(), "mimi-peer-"))
let peer: MimiPeer
let hub: MimiClient
let ca: string
const signal = new AbortController().signal
const now = 1_800_000_000n
const DIRECTORY = "https://driver.test/.well-known/mimi-protocol-directory"

beforeAll(async () => {
  const pki = await loadOrCreatePki(dir, ["driver.test", "hub.example"])
  const suite = pki.identities["driver.test"]!
  ca = pki.ca
  peer = await MimiPeer.start({
    target: { domain: "hub.example", directoryUrl: "https://127.0.0.1:1/.well-known/mimi-protocol-directory" },
    tls: { ca: pki.ca, ...suite }, listenPort: 0, requestTimeoutMs: 2000,
  })
  const port = await peer.listen(signal)
  // The "target" calling the peer: a client holding hub.example's certificate.
  hub = new MimiClient({
    selfDomain: "hub.example", targetDomain: "driver.test", origin: `https://127.0.0.1:${port}`,
    tls: { ca: pki.ca, ...pki.identities["hub.example"]! }, requestTimeoutMs: 2000, transcript: new Transcript(),
  })
})

afterAll(async () => {
  await Promise.all([peer?.close(), hub?.close()])
  rmSync(dir, { recursive: true, force: true })
})

describe("the peer's endpoint", () => {
  test("a call to an endpoint the target must not use is trapped and fails the trap check", async () => {
    peer.bind(undefined)
    const got = await hub.post("https://driver.test/v1/update/hub.example/r/x", new Uint8Array([1]), { signal })
    expect(got.ok && got.value.status).toBe(404)
    const rec = new Recorder()
    checkNoTraps(rec.checkFn(), peer)
    const trapped = "POST /v1/update/hub.example/r/x"
    expect(rec.checks[0]).toMatchObject({ id: "mimi.peer.no-unexpected-calls", verdict: "fail", actual: trapped })
  })

  test("no trap, no failure", () => {
    peer.bind(undefined)
    const rec = new Recorder()
    checkNoTraps(rec.checkFn(), peer)
    expect(rec.checks[0]?.verdict).toBe("pass")
  })

  test("a connection without a client certificate is refused", async () => {
    const got = await hub.send("GET", DIRECTORY, undefined, { signal, anonymous: true })
    expect(got.ok).toBe(false)
  })

  test("a self-signed client certificate for the right domain is refused", async () => {
    const forged = new MimiClient({
      selfDomain: "hub.example", targetDomain: "driver.test", origin: `https://127.0.0.1:${peer.port}`,
      tls: { ca, ...(await selfSignedIdentity("hub.example")) }, requestTimeoutMs: 2000, transcript: new Transcript(),
    })
    const got = await forged.send("GET", DIRECTORY, undefined, { signal })
    await forged.close()
    expect(got.ok).toBe(false)
    expect(refused(got, "x").ok).toBe(true)
  })

  test("every exchange lands in the bound scenario's evidence", async () => {
    const seen: string[] = []
    peer.bind((label) => seen.push(label))
    await hub.send("GET", DIRECTORY, undefined, { signal })
    expect(seen).toEqual([`← GET ${DIRECTORY} 200 ${seen[0]?.split(" 200 ")[1] ?? ""}`])
    expect(seen[0]).toMatch(/ 200 \(\d+ ms\)$/)
  })

  test("keyMaterial hands out one KeyPackage per client, each once, then reports exhaustion", async () => {
    peer.bind(undefined)
    const user = await peer.users.addUser("frank", 2, 1, now)
    const asker = (await peer.users.addUser("gina", 1, 0, now)).devices[0]!
    const claim = () => hub.post(`https://driver.test/v1/keyMaterial/driver.test/u/frank`, keyMaterialRequest({
      requester: asker, requestingUser: "mimi://driver.test/u/gina", targetUser: user.uri,
      roomId: "mimi://hub.example/r/x",
    }), { signal })
    const first = await claim()
    const res = first.ok ? decodeKeyMaterialResponse(first.value.body) : undefined
    expect(res?.ok && res.value.userStatus).toBe("success")
    const kps = res?.ok ? res.value.clients.flatMap((c) => (c.clientStatus === "success" ? [c.keyPackage] : [])) : []
    expect(kps.map((kp) => keyPackageProblems(kp, now))).toEqual([[], []])
    const second = await claim()
    const again = second.ok ? decodeKeyMaterialResponse(second.value.body) : undefined
    const statuses = again?.ok ? again.value.clients.map((c) => c.clientStatus) : []
    expect(statuses).toEqual(["keyMaterialExhausted", "keyMaterialExhausted"])
  })

  test("a forged keyMaterial request is refused", async () => {
    const asker = (await peer.users.addUser("hank", 1, 0, now)).devices[0]!
    const got = await hub.post(`https://driver.test/v1/keyMaterial/driver.test/u/frank`, keyMaterialRequest({
      requester: asker, requestingUser: "mimi://driver.test/u/hank", targetUser: "mimi://driver.test/u/frank",
      roomId: "mimi://hub.example/r/x", forge: new Uint8Array(32).fill(9),
    }), { signal })
    expect(got.ok && got.value.status).toBe(403)
  })
})

describe("checks the scenarios rely on can fail", () => {
  test("keyPackageProblems names a bad signature, a lapsed lifetime and a wrong version", async () => {
    const d = (await peer.users.addUser("ivan", 1, 1, now)).devices[0]!
    const own = [...d.keyPackages.values()][0]!
    const kp = decodeKeyPackage(own.bytes)
    if (!kp.ok) throw new Error("own KeyPackage does not decode")
    expect(keyPackageProblems(kp.value, now)).toEqual([])
    const sig = Uint8Array.from(kp.value.signature)
    sig[3] = (sig[3] ?? 0) ^ 1
    expect(keyPackageProblems({ ...kp.value, signature: sig }, now)).toEqual(["KeyPackage signature does not verify"])
    expect(keyPackageProblems(kp.value, now + 10n ** 6n)[0]).toMatch(/^lifetime .* does not cover/)
    expect(keyPackageProblems({ ...kp.value, version: 2 }, now)).toContain("version 2 is not mls10")
  })

  test("refused() holds for a 4xx or a closed connection, not for a 200 or a 5xx", () => {
    const reply = (status: number) => ({ ok: true as const, value: { status, headers: {}, body: new Uint8Array() } })
    expect(refused(reply(403), "x").ok).toBe(true)
    expect(refused({ ok: false, detail: "UND_ERR_SOCKET" }, "x").ok).toBe(true)
    expect(refused(reply(200), "x").ok).toBe(false)
    expect(refused(reply(500), "x").ok).toBe(false)
  })

  test("the transcript redacts private keys", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"
    expect(redact(`key ${pem}`)).toBe("key [redacted private key]")
    expect(JSON.parse(redact(JSON.stringify({ signKey: "00", user: "u", nested: { initPriv: "11" } })))).toEqual({
      signKey: "[redacted]", user: "u", nested: { initPriv: "[redacted]" },
    })
  })
})
