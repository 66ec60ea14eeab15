import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DriverClient } from "../../targets/driver/client.ts"
import { DRIVER_DOMAIN, startReferencePair, type ReferencePair } from "../../targets/reference/index.ts"

export interface Started {
  pair: ReferencePair
  hub: DriverClient
  follower: DriverClient
  dataDir: string
  /** Waits until both providers have fanned out and delivered everything accepted. */
  settle(): Promise<void>
  close(): Promise<void>
}

/** A fresh reference pair in a temporary folder, with driver clients for both providers. */
export async function startFresh(faults: string[] = []): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), "reference-"))
  const pair = await startReferencePair({ dataDir, faults })
  const creds = await pair.clientCredentialsFor(DRIVER_DOMAIN)
  const client = (h: ReferencePair["hub"]) =>
    new DriverClient({ domain: h.domain, origin: h.origin, ca: pair.ca.cert, cert: creds.cert, key: creds.key })
  const hub = client(pair.hub)
  const follower = client(pair.follower)
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await hub.call("settle", { timeoutMs: 10_000 })
      await follower.call("settle", { timeoutMs: 10_000 })
    }
  }
  return {
    pair, hub, follower, dataDir, settle,
    close: async () => {
      await hub.close()
      await follower.close()
      await pair.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface RawReply { status: number; body: Uint8Array; text: string }

/**
 * A MIMI request as a peer provider would send it, with full control of the certificate presented,
 * the From and Host headers (for the transport tests and for replaying captured bodies).
 */
export async function rawRequest(s: Started, o: {
  to: "hub" | "follower"; certDomain: string; from?: string; host?: string; method?: "GET" | "POST"; path: string;
  body?: Uint8Array; headers?: Record<string, string>;
}): Promise<RawReply> {
  const { Client } = await import("undici")
  const { checkServerIdentity } = await import("node:tls")
  const target = o.to === "hub" ? s.pair.hub : s.pair.follower
  const creds = await s.pair.clientCredentialsFor(o.certDomain)
  const client = new Client(target.origin, {
    connect: {
      ca: s.pair.ca.cert, cert: creds.cert, key: creds.key, servername: target.domain,
      checkServerIdentity: (_h, c) => checkServerIdentity(target.domain, c),
    },
  })
  try {
    const headers: Record<string, string> = { host: o.host ?? target.domain, ...(o.headers ?? {}) }
    if (o.from !== undefined) headers.from = o.from
    const res = await client.request({
      method: o.method ?? "POST", path: o.path, headers, ...(o.body ? { body: Buffer.from(o.body) } : {}),
    })
    const body = new Uint8Array(await res.body.arrayBuffer())
    return { status: res.statusCode, body, text: Buffer.from(body).toString() }
  } finally {
    await client.close()
  }
}

/** Read-only view of a provider's store, for checks on what it recorded. */
export async function peek<T>(s: Started, who: "hub" | "follower", sql: string, ...args: unknown[]): Promise<T[]> {
  const { default: Database } = await import("better-sqlite3")
  const domain = who === "hub" ? "hub.example" : "follower.example"
  const db = new Database(join(s.dataDir, domain, "store.sqlite"), { readonly: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}
