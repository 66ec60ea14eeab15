import { checkServerIdentity } from "node:tls"
import { Agent, errors, request } from "undici"
import type { Outcome } from "../../harness/engine/check.ts"
import type { Transcript } from "./transcript.ts"

export interface TlsMaterial {
  /** PEM of the CA that issued the target's certificate. */
  ca: string
  /** PEM certificate and key of the suite's own provider domain. */
  cert: string
  key: string
}

export interface HttpReply {
  status: number
  headers: Record<string, string>
  body: Uint8Array
}

export interface SendOptions {
  signal: AbortSignal
  /** Overrides the From domain (a mismatch test); default the suite's own domain. */
  fromDomain?: string
  /** Leave the From header out. */
  noFrom?: boolean
  /** Overrides the Host header (a wrong-target test); default the target's domain. */
  host?: string
  /** Connect without a client certificate. */
  anonymous?: boolean
  contentType?: string
}

export interface MimiClientOptions {
  /** The suite's own provider domain (what its certificate authenticates). */
  selfDomain: string
  /** The target provider's domain: its certificate must authenticate it (RFC 6125). */
  targetDomain: string
  /** Where the target is reached: URLs naming the target's domain are sent to this origin's host and port. */
  origin: string
  tls: TlsMaterial
  requestTimeoutMs: number
  transcript: Transcript
}

/**
 * The suite's outgoing MIMI requests over mutual TLS (undici). Every call lands in the transcript
 * and resolves to an Outcome: a refusal is an HTTP status, transport trouble is `transport` or
 * `timeout`, never an exception.
 */
export class MimiClient {
  private readonly withCert: Agent
  private readonly withoutCert: Agent

  constructor(private readonly opts: MimiClientOptions) {
    const identity = (_host: string, cert: Parameters<typeof checkServerIdentity>[1]) =>
      checkServerIdentity(opts.targetDomain, cert)
    const base = { ca: opts.tls.ca, servername: opts.targetDomain, checkServerIdentity: identity }
    this.withCert = new Agent({ connect: { ...base, cert: opts.tls.cert, key: opts.tls.key }, connections: 8 })
    this.withoutCert = new Agent({ connect: base, connections: 2 })
  }

  /** The network URL for a URL of the target: its domain maps to the configured origin. */
  resolve(url: string): URL {
    const u = new URL(url)
    if (u.hostname === this.opts.targetDomain) {
      const o = new URL(this.opts.origin)
      u.protocol = o.protocol
      u.hostname = o.hostname
      u.port = o.port
    }
    return u
  }

  async send(
    method: "GET" | "POST", url: string, body: Uint8Array | undefined, o: SendOptions,
  ): Promise<Outcome<HttpReply>> {
    const target = this.resolve(url)
    const headers: Record<string, string> = { host: o.host ?? this.opts.targetDomain }
    if (!o.noFrom) headers["from"] = `mimi@${o.fromDomain ?? this.opts.selfDomain}`
    if (body !== undefined) headers["content-type"] = o.contentType ?? "application/octet-stream"
    const started = performance.now()
    const base = {
      direction: "to-target" as const, method, url, requestHeaders: headers,
      ...(body === undefined ? {} : { requestBody: body }),
    }
    const ms = () => Math.round(performance.now() - started)
    try {
      const res = await request(target, {
        method, headers, signal: o.signal,
        dispatcher: o.anonymous ? this.withoutCert : this.withCert,
        headersTimeout: this.opts.requestTimeoutMs, bodyTimeout: this.opts.requestTimeoutMs,
        ...(body === undefined ? {} : { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) }),
      })
      const bytes = new Uint8Array(await res.body.arrayBuffer())
      const reply = { status: res.statusCode, headers: flatten(res.headers), body: bytes }
      const got = { status: reply.status, responseHeaders: reply.headers, responseBody: bytes }
      this.opts.transcript.record({ ...base, ...got, ms: ms() })
      return { ok: true, value: reply }
    } catch (e) {
      const detail = describeError(e)
      this.opts.transcript.record({ ...base, error: detail, ms: ms() })
      const timedOut = e instanceof errors.HeadersTimeoutError || e instanceof errors.BodyTimeoutError ||
        (e as Error).name === "AbortError"
      return { ok: false, kind: timedOut ? "timeout" : "transport", detail }
    }
  }

  post(url: string, body: Uint8Array, o: SendOptions): Promise<Outcome<HttpReply>> {
    return this.send("POST", url, body, o)
  }

  async close(): Promise<void> {
    await Promise.all([this.withCert.close(), this.withoutCert.close()])
  }
}

function flatten(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v
  return out
}

/** Error code and message, following `cause` (undici wraps socket and TLS errors). */
export function describeError(e: unknown): string {
  const parts: string[] = []
  let cur: unknown = e
  for (let i = 0; i < 4 && cur instanceof Error; i++) {
    const code = (cur as Error & { code?: string }).code
    parts.push(code === undefined ? cur.message : `${code}: ${cur.message}`)
    cur = (cur as Error & { cause?: unknown }).cause
  }
  return parts.length > 0 ? parts.join(" ← ") : String(e)
}
