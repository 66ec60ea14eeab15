import { createHash } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { createServer, type Server } from "node:https"
import type { AddressInfo } from "node:net"
import { checkServerIdentity, type TLSSocket } from "node:tls"
import type { TlsMaterial } from "./client.ts"
import type { Transcript } from "./transcript.ts"

/** One request the target made to the suite's endpoint, as received. */
export interface Incoming {
  method: string
  path: string
  host: string
  from: string | undefined
  /** Whether the target's client certificate authenticates the From domain. */
  fromAuthenticated: boolean
  body: Uint8Array
  sha256: string
  /** Order of arrival over the peer's lifetime. */
  seq: number
}

export interface Answer { status: number; body?: Uint8Array | string }
export type Route = (req: Incoming) => Promise<Answer> | Answer

const FROM = /^mimi@([a-z0-9.-]+)$/i
const MAX_BODY = 4 * 1024 * 1024

/**
 * The suite's own HTTPS endpoint (node:https, client certificate required). Routes are matched by
 * path prefix; a request to any other path is a trap: it is answered 404 and recorded, and the
 * scenario fails the rule that forbids the call.
 */
export class PeerEndpoint {
  private server: Server | undefined
  private seq = 0
  private readonly routes: Array<[string, Route]> = []
  readonly received: Incoming[] = []
  readonly trapped: Incoming[] = []

  constructor(
    private readonly domain: string,
    private readonly tls: TlsMaterial,
    private readonly transcript: Transcript,
  ) {}

  route(prefix: string, handler: Route): void {
    this.routes.push([prefix, handler])
  }

  /** Forgets what earlier scenarios received. */
  reset(): void {
    this.received.length = 0
    this.trapped.length = 0
  }

  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    const server = createServer({
      key: this.tls.key, cert: this.tls.cert, ca: this.tls.ca, requestCert: true, rejectUnauthorized: true,
    }, (req, res) => {
      this.serve(req, res).catch((e: unknown) => reply(res, { status: 500, body: (e as Error).message }))
    })
    server.on("clientError", (_e, socket) => socket.destroy())
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(port, host, () => resolve())
    })
    this.server = server
    return (server.address() as AddressInfo).port
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const body = await readBody(req)
    const from = typeof req.headers.from === "string" ? req.headers.from.trim() : undefined
    const fromDomain = from === undefined ? undefined : FROM.exec(from)?.[1]
    const cert = (req.socket as TLSSocket).getPeerCertificate()
    const incoming: Incoming = {
      method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/",
      host: (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase(), from,
      fromAuthenticated: fromDomain !== undefined && checkServerIdentity(fromDomain, cert) === undefined,
      body, sha256: createHash("sha256").update(body).digest("hex"), seq: this.seq++,
    }
    const handler = this.routes.find(([prefix]) => incoming.path.startsWith(prefix))?.[1]
    let answer: Answer
    if (incoming.host !== this.domain) answer = { status: 421, body: `Host is not ${this.domain}` }
    else if (handler === undefined) {
      this.trapped.push(incoming)
      answer = { status: 404, body: "the suite's peer does not serve this endpoint" }
    } else {
      this.received.push(incoming)
      answer = await handler(incoming)
    }
    this.transcript.record({
      direction: "from-target", method: incoming.method, url: `https://${this.domain}${incoming.path}`,
      requestHeaders: { host: incoming.host, ...(from === undefined ? {} : { from }) }, requestBody: body,
      status: answer.status, responseHeaders: {}, ...(answer.body === undefined ? {} : { responseBody: answer.body }),
      ms: Math.round(performance.now() - started),
    })
    reply(res, answer)
  }

  async close(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    this.server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) chunks.push(c)
    })
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))))
    req.on("error", reject)
  })
}

function reply(res: ServerResponse, a: Answer): void {
  if (res.headersSent) return
  const body = a.body === undefined ? Buffer.alloc(0) : Buffer.from(a.body)
  res.writeHead(a.status, { "content-length": String(body.length) })
  res.end(body)
}
