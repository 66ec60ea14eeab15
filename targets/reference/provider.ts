import type { Server } from "node:https"
import { join } from "node:path"
import type { TlsIdentity } from "./ca.ts"
import { loadKeys, monotonicClock, suiteImpl, type ProviderContext } from "./context.ts"
import { driverRouter } from "./driver-api.ts"
import { route } from "./endpoints.ts"
import { FaultSet } from "./faults.ts"
import { handleNotify } from "./follower/notify.ts"
import { FanoutWorker } from "./hub/fanout.ts"
import { PeerClient } from "./http/peers.ts"
import { startServer } from "./http/server.ts"
import { DeliveryWorker } from "./local/delivery.ts"
import { openStore } from "./store.ts"

export interface ProviderOptions {
  domain: string
  /** Folder of this provider's SQLite store (created if missing). */
  dataDir: string
  /** 0 picks a free port. */
  port: number
  ca: string
  tls: TlsIdentity
  /** Peer domain → loopback port; read at each connection, so it may be filled after start. */
  routes: Map<string, number>
  faults?: string[]
  /** Domain of the certificate allowed to call the driver API. */
  driverDomain: string
  /** Largest request body accepted (bytes). */
  maxBody?: number
  /** Receives the provider's log lines; by default they go to stderr, prefixed with the domain. */
  log?: (line: string) => void
}

/** A running provider. */
export interface ProviderHandle {
  domain: string
  port: number
  /** `https://127.0.0.1:<port>`: connect here, with SNI and Host set to `domain`. */
  origin: string
  /** `https://<domain>/.well-known/mimi-protocol-directory` (resolve the domain to `origin`). */
  directoryUrl: string
  faults: string[]
  /** True when nothing accepted waits for fan-out or local delivery. */
  idle(): boolean
  stop(): Promise<void>
}

export const DEFAULT_MAX_BODY = 1 << 20

/** Starts one reference provider (hub for the rooms it creates, follower for the rest). */
export async function startProvider(o: ProviderOptions): Promise<ProviderHandle> {
  const faults = new FaultSet(o.faults ?? [])
  const db = openStore(join(o.dataDir, "store.sqlite"))
  const peers = new PeerClient(o.domain, o.tls, o.ca, o.routes)
  let fanout: FanoutWorker | undefined
  let delivery: DeliveryWorker | undefined
  const ctx: ProviderContext = {
    domain: o.domain, db, faults, peers, keys: loadKeys(db), suite: suiteImpl(), now: monotonicClock(),
    log: o.log ?? ((line) => console.error(`[${o.domain}] ${line}`)),
    kick: () => {
      fanout?.kick()
      delivery?.kick()
    },
    toHub: async (hub, method, path, body) => {
      if (hub !== o.domain) return peers.request(hub, method, path, body)
      const reply = await route(ctx, {
        method, path, peerDomain: o.domain, fromDomain: o.domain, body: body ?? new Uint8Array(0),
        header: () => undefined,
      })
      const b = typeof reply.body === "string" ? new TextEncoder().encode(reply.body) : reply.body ?? new Uint8Array(0)
      return { status: reply.status, body: b, headers: reply.headers ?? {} }
    },
  }
  fanout = new FanoutWorker(ctx, (room, body) => {
    handleNotify(ctx, room, body, o.domain)
  })
  delivery = new DeliveryWorker(ctx)
  const idle = () => {
    const out = db.prepare("SELECT COUNT(*) AS n FROM outbox").get() as { n: number }
    const inbox = db.prepare("SELECT MAX(seq) AS m FROM inbox").get() as { m: number | null }
    const cursor = db.prepare("SELECT value FROM meta WHERE key = 'inbox-cursor'").get() as
      | { value: Buffer } | undefined
    const done = Number(cursor ? Buffer.from(cursor.value).toString() : "0")
    return out.n === 0 && (inbox.m ?? 0) <= done && !delivery?.busy
  }
  const driver = driverRouter(ctx, { idle }, o.driverDomain, faults.list())
  let server: Server
  try {
    server = await startServer({
      domain: o.domain, tls: o.tls, ca: o.ca, maxBody: o.maxBody ?? DEFAULT_MAX_BODY,
      skipFromCheck: faults.has("skip-from-check"), driverPrefix: "/driver/v1/",
      handle: (req) => (req.path.startsWith("/driver/v1/") ? driver(req) : route(ctx, req)),
    }, o.port)
  } catch (e) {
    db.close()
    throw e
  }
  const port = (server.address() as { port: number }).port
  ctx.kick()
  return {
    domain: o.domain, port, origin: `https://127.0.0.1:${port}`,
    directoryUrl: `https://${o.domain}/.well-known/mimi-protocol-directory`, faults: faults.list(), idle,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await fanout?.stop()
      await delivery?.stop()
      await peers.close()
      db.close()
    },
  }
}
