/**
 * Fixtures of the mimi-protocol scenarios: the suite's peer provider and the target's driver, built
 * once per worker from `run.target.config` and bound to each scenario's evidence and abort signal.
 */
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import type { Outcome } from "../../harness/engine/check.ts"
import { HarnessError } from "../../harness/engine/errors.ts"
import type { RunContext } from "../../harness/engine/run-context.ts"
import type { ScenarioContext } from "../../harness/engine/scenario.ts"
import { DriverCallError, DriverClient } from "../../targets/driver/client.ts"
import type { DriverOperation, DriverOperations } from "../../targets/driver/types.ts"
import { describeError } from "../../targets/mimi-http/client.ts"
import { MimiPeer } from "../../targets/mimi-http/peer.ts"
import { redact } from "../../targets/mimi-http/transcript.ts"

interface ProviderConfig {
  domain: string
  directoryUrl: string
  driverUrl?: string
  tls: { ca: string; cert: string; key: string }
  /** Where the suite's peer listens; the target must route the peer's domain to this port. */
  peer?: { port: number }
}

export interface Provider {
  peer: MimiPeer
  /** Calls the target's driver; a refusal is `rejected`, trouble `transport`/`timeout`. Every call is evidence. */
  drive<O extends DriverOperation>(op: O, req: DriverOperations[O]["req"]): Promise<Outcome<DriverOperations[O]["res"]>>
  /** Seconds since the epoch, from the run's pinned clock. */
  nowSeconds: bigint
  requestTimeoutMs: number
  signal: AbortSignal
  /** A name unique within the run, for users and rooms of one scenario. */
  unique(base: string): string
}

let shared: Promise<{ peer: MimiPeer; driver: DriverClient | undefined }> | undefined
let counter = 0
/** Tells this worker's names apart from other workers' in the same run (names must be unique on the target). */
const workerTag = randomBytes(3).toString("hex")

function providerConfig(run: RunContext): ProviderConfig {
  const p = run.target.config["provider"] as ProviderConfig | undefined
  if (p !== undefined) return p
  throw new HarnessError("E_CONFIG_INVALID", "a mimi-provider target needs `provider`", "/provider")
}

function pem(path: string, field: string): string {
  try {
    return readFileSync(resolve(path), "utf8")
  } catch {
    throw new HarnessError("E_CONFIG_INVALID", `cannot read ${field} PEM file ${path}`, `/provider/tls/${field}`)
  }
}

function requestTimeout(run: RunContext): number {
  const t = run.target.config["timeouts"] as { requestMs?: number } | undefined
  return t?.requestMs ?? 10_000
}

async function start(run: RunContext): Promise<{ peer: MimiPeer; driver: DriverClient | undefined }> {
  const p = providerConfig(run)
  const tls = { ca: pem(p.tls.ca, "ca"), cert: pem(p.tls.cert, "cert"), key: pem(p.tls.key, "key") }
  const peer = await MimiPeer.start({
    target: { domain: p.domain, directoryUrl: p.directoryUrl }, tls, listenPort: p.peer?.port ?? 0,
    requestTimeoutMs: requestTimeout(run),
  })
  const driver = p.driverUrl === undefined ? undefined
    : new DriverClient({ domain: p.domain, origin: new URL(p.driverUrl).origin, ...tls })
  return { peer, driver }
}

/** The provider fixture for one scenario; `listen` opens the peer's endpoint for notify and keyMaterial. */
export async function provider(ctx: ScenarioContext, opts: { listen?: boolean } = {}): Promise<Provider> {
  shared ??= start(ctx.run)
  const { peer, driver } = await shared
  if (opts.listen === true) await peer.listen(ctx.signal)
  peer.bind(ctx.evidence, ctx.request)
  const requestTimeoutMs = requestTimeout(ctx.run)
  type Res<O extends DriverOperation> = Promise<Outcome<DriverOperations[O]["res"]>>
  const drive = async <O extends DriverOperation>(op: O, req: DriverOperations[O]["req"]): Res<O> => {
    if (driver === undefined) return { ok: false, kind: "unsupported", detail: "the target config names no driverUrl" }
    // One listener per call, removed afterwards: scenarios make many driver calls on one signal.
    let onAbort = (): void => {}
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new Error("aborted"))
      if (ctx.signal.aborted) onAbort()
      else ctx.signal.addEventListener("abort", onAbort, { once: true })
    })
    const started = performance.now()
    const sample = (status: number): number => {
      const ms = Math.round(performance.now() - started)
      ctx.request({ endpoint: `driver ${op}`, method: "POST", status, ms })
      return ms
    }
    try {
      const res = await Promise.race([driver.call(op, req, requestTimeoutMs * 3), aborted])
      const ms = sample(200)
      ctx.evidence(`driver ${op} (${ms} ms)`, redact(JSON.stringify({ req, res })), "http")
      return { ok: true, value: res }
    } catch (e) {
      const detail = describeError(e)
      sample(e instanceof DriverCallError ? e.status : 0)
      ctx.evidence(`driver ${op} failed`, redact(JSON.stringify({ req, error: detail })), "http")
      const refusal = e instanceof DriverCallError && e.status >= 400 && e.status < 500
      if (refusal) return { ok: false, kind: "rejected", detail }
      return { ok: false, kind: ctx.signal.aborted || /timeout/i.test(detail) ? "timeout" : "transport", detail }
    } finally {
      ctx.signal.removeEventListener("abort", onAbort)
    }
  }
  const seconds = BigInt(Math.floor(Date.parse(ctx.run.now) / 1000))
  return {
    peer, drive, requestTimeoutMs, signal: ctx.signal, nowSeconds: seconds,
    unique: (base) => `${base}-${workerTag}-${++counter}`,
  }
}

/** Stops the worker's peer (afterAll of each suite file). */
export async function closeProvider(): Promise<void> {
  if (shared === undefined) return
  const s = await shared.catch(() => undefined)
  shared = undefined
  await s?.peer.close()
  await s?.driver?.close()
}
