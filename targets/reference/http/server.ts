import { createServer, type Server } from "node:https"
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from "node:tls"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { TlsIdentity } from "../ca.ts"

/** A request after transport checks: the peer's domain is authenticated by its certificate. */
export interface MimiRequest {
  method: string
  /** Path without the query, still percent-encoded. */
  path: string
  /** The domain the client certificate authenticates (and, for MIMI endpoints, the From domain). */
  peerDomain: string
  /** The From header's domain, when it carried one. */
  fromDomain?: string
  body: Uint8Array
  header(name: string): string | undefined
}

export interface Reply { status: number; body?: Uint8Array | string; headers?: Record<string, string> }

export type Handler = (req: MimiRequest) => Promise<Reply>

export interface ServerOptions {
  domain: string
  tls: TlsIdentity
  ca: string
  /** Largest request body read, in bytes; larger ones get 413 before the body is read. */
  maxBody: number
  /** When true the From/certificate comparison is skipped (seeded fault). */
  skipFromCheck: boolean
  /** Paths under this prefix are the driver API: no From header, their own access rule. */
  driverPrefix: string
  handle: Handler
}

export const text = (status: number, reason: string): Reply =>
  ({ status, body: reason, headers: { "content-type": "text/plain; charset=utf-8" } })

/** Domains in the certificate's DNS subjectAltNames. */
function certDomains(cert: PeerCertificate): string[] {
  return (cert.subjectaltname ?? "").split(", ").filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4))
}

/** RFC 6125 check of `domain` against the certificate (DNS-ID only, as Node's TLS client does). */
export function certificateAuthenticates(cert: PeerCertificate, domain: string): boolean {
  return checkServerIdentity(domain, cert) === undefined
}

const FROM = /^mimi@([a-z0-9.-]+)$/i

/**
 * HTTPS with mutual TLS. Transport rules enforced here, before any endpoint runs: a client
 * certificate from the local CA is required; Host must name this provider (port ignored); MIMI
 * requests must carry `From: mimi@<domain>` and the certificate must authenticate that domain.
 */
export function startServer(opts: ServerOptions, port: number): Promise<Server> {
  const server = createServer({
    key: opts.tls.key, cert: opts.tls.cert, ca: opts.ca, requestCert: true, rejectUnauthorized: true,
    keepAliveTimeout: 30_000,
  }, (req, res) => {
    serve(opts, req, res).catch((e: unknown) => send(res, text(500, `internal error: ${(e as Error).message}`)))
  })
  server.on("clientError", (_e, socket) => socket.destroy())
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => resolve(server))
  })
}

async function serve(opts: ServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const cert = (req.socket as TLSSocket).getPeerCertificate()
  const peerDomains = certDomains(cert)
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase()
  if (host !== opts.domain) return send(res, text(421, `Host ${host || "(none)"} is not ${opts.domain}`))
  const path = (req.url ?? "/").split("?")[0] ?? "/"
  const isDriver = path.startsWith(opts.driverPrefix)
  const from = req.headers.from
  const fromMatch = typeof from === "string" ? FROM.exec(from.trim()) : null
  const fromDomain = fromMatch?.[1]?.toLowerCase()
  let peerDomain = peerDomains[0] ?? ""
  if (!isDriver) {
    if (fromDomain === undefined) return send(res, text(400, "From header must be mimi@<source-domain>"))
    if (!certificateAuthenticates(cert, fromDomain) && !opts.skipFromCheck) {
      return send(res, text(403, `client certificate (${peerDomains.join(", ")}) does not authenticate ${fromDomain}`))
    }
    peerDomain = fromDomain
  }
  const declared = Number(req.headers["content-length"] ?? "0")
  if (declared > opts.maxBody) {
    res.setHeader("connection", "close")
    return send(res, text(413, `body of ${declared} bytes exceeds ${opts.maxBody}`))
  }
  const body = await readBody(req, opts.maxBody)
  if (body === undefined) {
    res.setHeader("connection", "close")
    return send(res, text(413, `body exceeds ${opts.maxBody} bytes`))
  }
  const request: MimiRequest = {
    method: req.method ?? "GET", path, peerDomain, body,
    header: (n) => {
      const v = req.headers[n.toLowerCase()]
      return Array.isArray(v) ? v.join(", ") : v
    },
    ...(fromDomain === undefined ? {} : { fromDomain }),
  }
  send(res, await opts.handle(request))
}

/** Reads at most `limit` bytes; undefined (and the stream is drained no further) when exceeded. */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > limit) {
        req.removeAllListeners("data")
        req.pause()
        resolve(undefined)
      } else chunks.push(c)
    })
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))))
    req.on("error", reject)
  })
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return
  const body = reply.body === undefined ? undefined : Buffer.from(reply.body)
  res.writeHead(reply.status, { ...(reply.headers ?? {}), "content-length": String(body?.length ?? 0) })
  res.end(body)
}
