/**
 * A MIMI target that is down, hangs, or answers garbage: every scenario ends as error, timeout or
 * fail with a recorded reason, and the run completes (no crash, no hang past the timeouts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, expect, test } from "vitest"
import type { RunContext } from "../../harness/engine/run-context.ts"
import type { ScenarioResult } from "../../reports/model.ts"
import { mimiScenarios } from "../../scripts/mimi-fault-matrix.ts"
import { loadOrCreatePki } from "../../targets/reference/ca.ts"
import { OWN_SUITES, root, runSuites } from "./run.ts"

const dir = mkdtempSync(join(tmpdir(), "mimi-robust-"))
const servers: Server[] = []
const results = new Map<string, Map<string, ScenarioResult>>()
const defined = (await mimiScenarios()).filter((s) => OWN_SUITES.includes(s.file))

async function fakeTarget(mode: "hang" | "garbage", tls: { cert: string; key: string }): Promise<number> {
  const server = createServer({ ...tls }, (req, res) => {
    if (mode === "hang") return
    req.resume()
    res.writeHead(200, { "content-type": "application/octet-stream" })
    res.end(Buffer.from("\x07\xffgarbage that decodes as nothing\x00\x01"))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  return (server.address() as AddressInfo).port
}

function context(name: string, port: number, files: { ca: string; cert: string; key: string }): RunContext {
  const origin = `https://127.0.0.1:${port}`
  return {
    runId: `robust-${name}`, profiles: ["mimi-protocol"],
    capabilities: ["mimi.role.hub", "mimi.role.follower", "mls.cipher-suite.1"],
    target: { name, kind: "mimi-provider", config: {
      provider: {
        domain: "hub.example", directoryUrl: `${origin}/.well-known/mimi-protocol-directory`,
        driverUrl: `${origin}/driver/v1`, tls: files, peer: { port: 0 },
      },
      timeouts: { requestMs: 400 },
    } },
    vectorsDir: join(root, "vectors"), scenarioTimeoutMs: 8000, now: new Date().toISOString(),
  }
}

beforeAll(async () => {
  const pki = await loadOrCreatePki(dir, ["hub.example", "driver.test"])
  const files = { ca: join(dir, "ca.pem"), cert: join(dir, "suite.pem"), key: join(dir, "suite.key") }
  writeFileSync(files.ca, pki.ca)
  writeFileSync(files.cert, pki.identities["driver.test"]!.cert)
  writeFileSync(files.key, pki.identities["driver.test"]!.key)
  const hub = pki.identities["hub.example"]!
  const down = await fakeTarget("garbage", hub)
  servers.pop()?.close()
  const runs: [string, number][] = [
    ["down", down], ["hang", await fakeTarget("hang", hub)], ["garbage", await fakeTarget("garbage", hub)],
  ]
  await Promise.all(runs.map(async ([name, port]) => {
    results.set(name, await runSuites(context(name, port, files), OWN_SUITES))
  }))
}, 200_000)

afterAll(() => {
  for (const s of servers) s.closeAllConnections()
  for (const s of servers) s.close()
  rmSync(dir, { recursive: true, force: true })
})

test.each(["down", "hang", "garbage"])("a target that is %s gets a verdict for every scenario and no pass", (name) => {
  const run = results.get(name)
  expect([...(run?.keys() ?? [])].sort()).toEqual(defined.map((s) => s.id).sort())
  for (const s of run?.values() ?? []) {
    const verdict = expect.stringMatching(/^(error|timeout|fail)$/) as unknown as string
    expect({ id: s.id, verdict: s.verdict }).toEqual({ id: s.id, verdict })
    if (s.verdict !== "fail") expect(s.error?.code).toMatch(/^E_/)
  }
})

test("a hanging target ends in timeouts, not in a hang of the run", () => {
  const verdicts = [...(results.get("hang")?.values() ?? [])].map((s) => s.verdict)
  expect(verdicts).toContain("timeout")
})
