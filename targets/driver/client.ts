import { checkServerIdentity } from "node:tls"
import { Pool } from "undici"
import type { DriverInfo, DriverOperation, DriverOperations } from "./types.ts"
import { validateDriver } from "./validate.ts"

export interface DriverEndpoint {
  /** The provider domain the driver controls (used for Host, SNI and the certificate check). */
  domain: string
  /** Where to connect, e.g. `https://127.0.0.1:8443`. */
  origin: string
  /** PEM: the CA that issued the target's certificate, and the suite's client certificate and key. */
  ca: string
  cert: string
  key: string
}

/** A driver call the target refused (4xx/5xx with a DriverError body) or answered outside the schema. */
export class DriverCallError extends Error {
  constructor(readonly operation: string, readonly status: number, readonly code: string, message: string) {
    super(`${operation}: ${code}: ${message}`)
  }
}

/**
 * Client of the driver API (see README.md next to this file). Every response is checked against
 * the JSON Schema, so a target that answers off-schema fails loudly rather than silently.
 *
 * ```ts
 * const hub = new DriverClient({ domain: "hub.example", origin: "https://127.0.0.1:8443", ca, cert, key })
 * const { user } = await hub.call("createUser", { name: "alice" })
 * ```
 */
export class DriverClient {
  private readonly pool: Pool

  constructor(readonly endpoint: DriverEndpoint) {
    this.pool = new Pool(endpoint.origin, {
      connections: 4,
      connect: {
        ca: endpoint.ca, cert: endpoint.cert, key: endpoint.key, servername: endpoint.domain,
        checkServerIdentity: (_host, cert) => checkServerIdentity(endpoint.domain, cert),
      },
    })
  }

  async info(): Promise<DriverInfo> {
    return this.send("info", "GET", "/driver/v1/info", undefined) as Promise<DriverInfo>
  }

  async call<O extends DriverOperation>(
    op: O, req: DriverOperations[O]["req"], timeoutMs = 30_000,
  ): Promise<DriverOperations[O]["res"]> {
    return this.send(op, "POST", `/driver/v1/${op}`, req, timeoutMs) as Promise<DriverOperations[O]["res"]>
  }

  private async send(
    op: string, method: "GET" | "POST", path: string, req: unknown, timeoutMs = 30_000,
  ): Promise<unknown> {
    const res = await this.pool.request({
      method, path, headers: { host: this.endpoint.domain, "content-type": "application/json" },
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
      ...(req === undefined ? {} : { body: JSON.stringify(req) }),
    })
    const text = await res.body.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new DriverCallError(op, res.statusCode, "E_NOT_JSON", text.slice(0, 200))
    }
    if (res.statusCode !== 200) {
      const e = (body as { error?: { code?: string; message?: string } }).error
      throw new DriverCallError(op, res.statusCode, e?.code ?? "E_UNKNOWN", e?.message ?? text.slice(0, 200))
    }
    const problem = validateDriver(op === "info" ? "info" : `${op}Response`, body)
    if (problem) throw new DriverCallError(op, res.statusCode, "E_SCHEMA", problem)
    return body
  }

  async close(): Promise<void> {
    await this.pool.close()
  }
}
