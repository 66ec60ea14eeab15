import { describe, expect, it } from "vitest"
import { runMimiThroughput } from "../../bench/mimi-throughput.ts"

interface Side { sent: number; good: number; p50Ms: number; p99Ms: number }

describe("mimi-throughput bench", () => {
  it("sends a few messages to the echo and the reference hub, and bob receives every one", async () => {
    const r = await runMimiThroughput({ messages: 6, concurrency: 2 })
    const d = r.data as { echo: Side; hub: Side; fanout: { delivered: number; expected: number; unreadable: number } }
    expect(d.echo).toMatchObject({ sent: 6, good: 6 })
    expect(d.hub).toMatchObject({ sent: 6, good: 6 })
    expect(d.hub.p99Ms).toBeGreaterThanOrEqual(d.hub.p50Ms)
    expect(d.fanout.delivered).toBe(d.fanout.expected)
    expect(d.fanout.unreadable).toBe(0)
    expect(r.table).toContain("hub submitMessage")
  }, 60_000)
})
