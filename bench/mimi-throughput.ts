import { createServer, type Server } from "node:https"
import { checkServerIdentity } from "node:tls"
import { Pool } from "undici"
import { decodeSubmitMessageResponse } from "../harness/protocol/mimi/submit.ts"
import { DRIVER_DOMAIN, HUB_DOMAIN } from "../targets/reference/index.ts"
import { machineLoad, ratio, secs, table } from "./measure.ts"
import { benchRoom, submitBodies, type BenchRoom } from "./mimi-room.ts"
import type { Bench, BenchResult } from "./registry.ts"

export interface ThroughputOptions {
  /** Messages per target (bounded). */
  messages: number
  /** Requests in flight (= connections of the pool). */
  concurrency: number
  /** Stop sending after this long, whatever is left. */
  maxMs: number
}

const DEFAULTS: ThroughputOptions = { messages: 1000, concurrency: 16, maxMs: 60_000 }

interface Load {
  sent: number
  /** Answers that were what the target should say: "accepted" from the hub, the same bytes from the echo. */
  good: number
  other: Record<string, number>
  wallMs: number
  latencies: number[]
}

/** Posts `bodies` with `concurrency` requests in flight over one mTLS pool; latency is request to full answer. */
async function drive(pool: Pool, path: string, bodies: Uint8Array[], o: ThroughputOptions,
  isGood: (body: Uint8Array, sent: Uint8Array) => string): Promise<Load> {
  const load: Load = { sent: 0, good: 0, other: {}, wallMs: 0, latencies: [] }
  const headers = { host: HUB_DOMAIN, from: `mimi@${DRIVER_DOMAIN}`, "content-type": "application/octet-stream" }
  const started = performance.now()
  let next = 0
  const lane = async () => {
    while (next < bodies.length && performance.now() - started < o.maxMs) {
      const body = bodies[next++]!
      load.sent++
      const t0 = performance.now()
      try {
        const res = await pool.request({ method: "POST", path, headers, body })
        const answer = new Uint8Array(await res.body.arrayBuffer())
        load.latencies.push(performance.now() - t0)
        const verdict = res.statusCode === 200 ? isGood(answer, body) : `HTTP ${res.statusCode}`
        if (verdict === "good") load.good++
        else load.other[verdict] = (load.other[verdict] ?? 0) + 1
      } catch (e) {
        const key = (e as Error).name
        load.other[key] = (load.other[key] ?? 0) + 1
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, lane))
  load.wallMs = performance.now() - started
  return load
}

/** A plain node:https echo with the hub's own certificate, requiring a client certificate from the same CA. */
async function echoServer(r: BenchRoom): Promise<{ server: Server; port: number }> {
  const id = await r.pair.clientCredentialsFor(HUB_DOMAIN)
  const server = createServer({ key: id.key, cert: id.cert, ca: r.tls.ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.concat(chunks)))
    })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { server, port: (server.address() as { port: number }).port }
}

const poolTo = (origin: string, r: BenchRoom, connections: number) => new Pool(origin, {
  connections, pipelining: 1,
  connect: {
    ca: r.tls.ca, cert: r.tls.cert, key: r.tls.key, servername: HUB_DOMAIN,
    checkServerIdentity: (_h, cert) => checkServerIdentity(HUB_DOMAIN, cert),
  },
})

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.floor(p * (sorted.length - 1))]!
const rate = (l: Load) => (l.good * 1000) / l.wallMs

function summary(l: Load) {
  const sorted = [...l.latencies].sort((a, b) => a - b)
  return {
    sent: l.sent, good: l.good, other: l.other, wallMs: Math.round(l.wallMs), reqPerSec: Number(rate(l).toFixed(1)),
    p50Ms: Number(percentile(sorted, 0.5).toFixed(2)), p99Ms: Number(percentile(sorted, 0.99).toFixed(2)),
  }
}

/** Runs the echo ceiling and then the hub with the same bodies, pool and concurrency. */
export async function runMimiThroughput(opts: Partial<ThroughputOptions> = {}): Promise<BenchResult> {
  const o = { ...DEFAULTS, ...opts }
  const r = await benchRoom()
  try {
    const warm = await submitBodies(r, Math.min(20, o.messages))
    const bodies = await submitBodies(r, o.messages)
    const echo = await echoServer(r)
    const echoPool = poolTo(`https://127.0.0.1:${echo.port}`, r, o.concurrency)
    const hubPool = poolTo(r.pair.hub.origin, r, o.concurrency)
    const accepted = (answer: Uint8Array) => {
      const d = decodeSubmitMessageResponse(answer)
      return !d.ok ? "malformed response" : d.value.statusCode === "accepted" ? "good" : d.value.statusCode
    }
    const same = (answer: Uint8Array, sent: Uint8Array) => (Buffer.from(answer).equals(sent) ? "good" : "echo differs")
    let echoLoad: Load
    let hubLoad: Load
    let endToEndMs: number
    try {
      await drive(echoPool, "/echo", warm, o, same)
      await drive(hubPool, r.submitPath, warm, o, accepted)
      await r.settle()
      echoLoad = await drive(echoPool, "/echo", bodies, o, same)
      const started = performance.now()
      hubLoad = await drive(hubPool, r.submitPath, bodies, o, accepted)
      await r.settle()
      endToEndMs = performance.now() - started
    } finally {
      await Promise.all([echoPool.close(), hubPool.close()])
      echo.server.close()
    }
    const { items } = await r.follower.call("received", { client: r.bobClient, room: r.room })
    const delivered = items.filter((i) => i.kind === "message").length
    const unreadableItems = items.filter((i) => i.kind === "undecryptable" || i.kind === "malformed-content")
    const unreadable = unreadableItems.length
    const reasons = [...new Set(unreadableItems.map((i) => `${i.kind}: ${i.reason ?? "?"}`))]
    const e = summary(echoLoad)
    const h = summary(hubLoad)
    const fanout = {
      delivered, unreadable, reasons, expected: warm.length + hubLoad.good, endToEndMs: Math.round(endToEndMs),
      msgPerSec: Number(((hubLoad.good * 1000) / endToEndMs).toFixed(1)),
    }
    const row = (name: string, s: ReturnType<typeof summary>) =>
      [name, `${s.good}/${s.sent}`, s.reqPerSec, s.p50Ms, s.p99Ms, secs(s.wallMs)]
    const text = [
      machineLoad(),
      `${o.messages} messages, ${o.concurrency} in flight over one undici Pool with mutual TLS on loopback (bound ` +
        `${secs(o.maxMs)} s each). The sender is the suite's peer provider driver.test (ts-mls messages of its user ` +
        "dave, encrypted before timing); the hub fans out to follower.example (bob) and back to driver.test.",
      "",
      table(["target", "good / sent", "req/s", "p50 ms", "p99 ms", "wall s"],
        [row("node:https echo (ceiling)", e), row("hub submitMessage", h)]),
      "",
      `hub ÷ echo throughput: ${ratio(h.reqPerSec, e.reqPerSec)} ` +
        `(echo is ${ratio(e.reqPerSec, h.reqPerSec)} faster); ` +
        `p50 ${ratio(h.p50Ms, e.p50Ms)}, p99 ${ratio(h.p99Ms, e.p99Ms)} of the echo's`,
      `with fan-out: ${h.good} accepted, fanned out and settled at both providers after ${secs(fanout.endToEndMs)} s ` +
        `→ ${fanout.msgPerSec} msg/s end to end; bob's client (follower) decrypted ${delivered} of the ` +
        `${fanout.expected} messages sent, ${unreadable} unreadable` +
        (reasons.length > 0 ? ` (${reasons.join("; ")})` : ""),
      ...(Object.keys(h.other).length + Object.keys(e.other).length === 0 ? []
        : [`other answers: hub ${JSON.stringify(h.other)}, echo ${JSON.stringify(e.other)}`]),
    ].join("\n")
    return { table: text, data: { load: machineLoad(), options: o, echo: e, hub: h, fanout } }
  } finally {
    await r.close()
  }
}

export const mimiThroughputBench: Bench = {
  name: "mimi-throughput",
  description: "submitMessage throughput and latency on the reference hub with fan-out over mTLS, next to an echo",
  run: () => runMimiThroughput(),
}
