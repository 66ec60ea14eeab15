import { checkServerIdentity } from "node:tls"
import { defaultKeyRetentionConfig } from "ts-mls"
import { Client } from "undici"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { benchRoom, submitBodies, type BenchRoom } from "../../bench/mimi-room.ts"
import { decodeSubmitMessageResponse } from "../../harness/protocol/mimi/submit.ts"
import { DRIVER_DOMAIN, HUB_DOMAIN } from "../../targets/reference/index.ts"
import { KEY_RETENTION } from "../../targets/reference/mls/engine.ts"
import { clientUri } from "../../targets/reference/uris.ts"

const COUNT = 40
const SEED = 0x5eed

/** Fisher–Yates with a fixed-seed xorshift32, so the order is the same on every run. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  let x = seed
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

/** The most generations a receiver must hold back at once: skipped, but not yet arrived. */
function peakSkipped(order: number[]): number {
  const seen = new Set<number>()
  let high = -1
  let peak = 0
  for (const g of order) {
    seen.add(g)
    high = Math.max(high, g)
    peak = Math.max(peak, high + 1 - seen.size)
  }
  return peak
}

/**
 * One sender's messages reach the hub out of generation order (as under concurrent submission); the
 * hub accepts them in arrival order and every local receiving client must still decrypt each one.
 */
describe("reference clients: one sender's messages accepted out of generation order", () => {
  let r: BenchRoom
  const order = shuffled(COUNT, SEED)

  beforeAll(async () => {
    r = await benchRoom()
  })
  afterAll(async () => {
    await r?.close()
  })

  it("uses an order that holds back more generations than ts-mls's default keeps", () => {
    expect(peakSkipped(order)).toBeGreaterThan(defaultKeyRetentionConfig.retainKeysForGenerations)
    expect(peakSkipped(order)).toBeLessThanOrEqual(KEY_RETENTION.retainKeysForGenerations)
  })

  it("delivers all 40 messages, shuffled with a fixed seed, exactly once to every recipient", async () => {
    const bodies = await submitBodies(r, COUNT)
    const client = new Client(r.pair.hub.origin, {
      connect: {
        ca: r.tls.ca, cert: r.tls.cert, key: r.tls.key, servername: HUB_DOMAIN,
        checkServerIdentity: (_h, cert) => checkServerIdentity(HUB_DOMAIN, cert),
      },
    })
    const headers = { host: HUB_DOMAIN, from: `mimi@${DRIVER_DOMAIN}` }
    try {
      for (const g of order) {
        const res = await client.request({ method: "POST", path: r.submitPath, headers, body: bodies[g]! })
        const answer = decodeSubmitMessageResponse(new Uint8Array(await res.body.arrayBuffer()))
        expect(answer.ok && answer.value.statusCode).toBe("accepted")
      }
    } finally {
      await client.close()
    }
    await r.settle()
    const expected = order.map((g) => `bench message ${g}`)
    const recipients = [
      { driver: r.hub, client: clientUri(HUB_DOMAIN, "alice", "phone") },
      { driver: r.follower, client: r.bobClient },
    ]
    for (const { driver, client: c } of recipients) {
      const { items } = await driver.call("received", { client: c, room: r.room })
      expect(items.filter((i) => i.kind === "undecryptable" || i.kind === "malformed-content")).toEqual([])
      // Received in hub order, which is the shuffled submission order.
      expect(items.filter((i) => i.kind === "message").map((i) => i.text)).toEqual(expected)
    }
  })
})
