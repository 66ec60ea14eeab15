import { checkServerIdentity } from "node:tls"
import { Pool, type Dispatcher } from "undici"
import type { TlsIdentity } from "../ca.ts"

export interface PeerReply { status: number; body: Uint8Array; headers: Record<string, string | string[] | undefined> }

/**
 * Outgoing MIMI requests over mutual TLS. Domains resolve to loopback ports through the provider
 * configuration; the server's certificate must authenticate the domain called (RFC 6125), whatever
 * address it was reached at.
 */
export class PeerClient {
  private readonly pools = new Map<string, { port: number; pool: Pool }>()

  constructor(
    private readonly self: string,
    private readonly tls: TlsIdentity,
    private readonly ca: string,
    private readonly routes: ReadonlyMap<string, number>,
  ) {}

  knows(domain: string): boolean {
    return this.routes.has(domain)
  }

  /** Every provider domain this one can reach (its peers). */
  domains(): string[] {
    return [...this.routes.keys()]
  }

  /** A connection pool per domain, replaced when the domain's route changes. */
  private pool(domain: string): Pool {
    const port = this.routes.get(domain)
    if (port === undefined) throw new Error(`no route to ${domain}`)
    const known = this.pools.get(domain)
    if (known?.port === port) return known.pool
    if (known) void known.pool.close()
    const pool = new Pool(`https://127.0.0.1:${port}`, {
      connections: 8,
      connect: {
        ca: this.ca, cert: this.tls.cert, key: this.tls.key, servername: domain,
        checkServerIdentity: (_host, cert) => checkServerIdentity(domain, cert),
      },
    })
    this.pools.set(domain, { port, pool })
    return pool
  }

  async request(
    domain: string, method: "GET" | "POST", path: string, body?: Uint8Array, timeoutMs = 10_000,
    extraHeaders: Record<string, string> = {},
  ): Promise<PeerReply> {
    const opts: Dispatcher.RequestOptions = {
      method, path,
      headers: { ...extraHeaders, host: domain, from: `mimi@${this.self}`, "content-type": "application/octet-stream" },
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
      ...(body === undefined ? {} : { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) }),
    }
    const res = await this.pool(domain).request(opts)
    const bytes = new Uint8Array(await res.body.arrayBuffer())
    return { status: res.statusCode, body: bytes, headers: res.headers }
  }

  post(domain: string, path: string, body: Uint8Array): Promise<PeerReply> {
    return this.request(domain, "POST", path, body)
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.pool.close()))
    this.pools.clear()
  }
}
