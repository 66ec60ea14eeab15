/**
 * The suite's peer provider: the counter-party a MIMI target talks to. It sends requests with its
 * own mTLS client, receives `notify` and `keyMaterial` on its own HTTPS endpoint, hosts simulated
 * users on ts-mls, and writes every exchange to the running scenario's evidence. Any other call the
 * target makes to it is trapped.
 *
 * Reading: client URIs are `mimi://<domain>/d/<user>/<device>` so that a hub can tell a client's
 * user from its credential (-06 leaves the mapping to the providers).
 */
import { X509Certificate } from "node:crypto"
import type { Outcome } from "../../harness/engine/check.ts"
import {
  DIRECTORY_PATH, expandTemplate, parseDirectory, type Directory, type Endpoint,
} from "../../harness/protocol/mimi/directory.ts"
import { MimiClient, type HttpReply, type SendOptions, type TlsMaterial } from "./client.ts"
import { PeerEndpoint } from "./server.ts"
import { Transcript, type EvidenceSink, type RequestSink } from "./transcript.ts"
import { PeerUsers } from "./users.ts"

export interface PeerOptions {
  target: { domain: string; directoryUrl: string }
  tls: TlsMaterial
  /** Port of the peer's own endpoint (the target must route the peer's domain there); 0 = any free port. */
  listenPort: number
  requestTimeoutMs: number
}

/** The DNS names a PEM certificate authenticates (subjectAltName dNSName entries). */
export function certificateDomains(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? ""
  return san.split(", ").filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4))
}

export class MimiPeer {
  readonly transcript = new Transcript()
  readonly client: MimiClient
  readonly endpoint: PeerEndpoint
  readonly users: PeerUsers
  private dir: Directory | undefined
  private listening: Promise<number> | undefined
  port = 0

  private constructor(readonly domain: string, readonly opts: PeerOptions) {
    this.client = new MimiClient({
      selfDomain: domain, targetDomain: opts.target.domain, origin: new URL(opts.target.directoryUrl).origin,
      tls: opts.tls, requestTimeoutMs: opts.requestTimeoutMs, transcript: this.transcript,
    })
    this.endpoint = new PeerEndpoint(domain, opts.tls, this.transcript)
    this.users = new PeerUsers(domain)
    this.endpoint.route("/v1/notify/", (req) => this.users.notify(req, req.path.slice("/v1/notify/".length)))
    this.endpoint.route("/v1/keyMaterial/", (req) => this.users.keyMaterial(req))
    this.endpoint.route(DIRECTORY_PATH, () => ({ status: 200, body: JSON.stringify(ownDirectory(domain)) }))
  }

  static async start(opts: PeerOptions): Promise<MimiPeer> {
    const domain = certificateDomains(opts.tls.cert)[0]
    if (domain === undefined) throw new Error("the suite's certificate names no DNS domain")
    return new MimiPeer(domain, opts)
  }

  /**
   * Opens the peer's endpoint (once). The target routes the peer's domain to one port, so only one
   * worker at a time can hold it: while another worker's peer has it, this waits (until `signal`
   * aborts) for that worker to close it. Scenarios that need notify are best kept in one suite file.
   */
  async listen(signal: AbortSignal): Promise<number> {
    this.listening ??= this.bindPort(signal)
    try {
      this.port = await this.listening
    } catch (e) {
      this.listening = undefined
      throw e
    }
    return this.port
  }

  private async bindPort(signal: AbortSignal): Promise<number> {
    for (;;) {
      try {
        return await this.endpoint.listen(this.opts.listenPort)
      } catch (e) {
        if ((e as { code?: string }).code !== "EADDRINUSE" || this.opts.listenPort === 0 || signal.aborted) throw e
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  }

  get targetDomain(): string {
    return this.opts.target.domain
  }

  /** Starts a scenario: evidence goes to `sink`, and what earlier scenarios received is forgotten. */
  bind(sink: EvidenceSink | undefined, requests?: RequestSink): void {
    this.transcript.bind(sink, requests)
    this.endpoint.reset()
    this.users.reset()
  }

  /** Fetches and validates the target's directory (cached for the peer's lifetime once valid). */
  async discover(signal: AbortSignal): Promise<Outcome<{ reply: HttpReply; directory?: Directory; problem?: string }>> {
    const got = await this.client.send("GET", this.opts.target.directoryUrl, undefined, { signal })
    if (!got.ok) return got
    const reply = got.value
    if (reply.status !== 200) return { ok: true, value: { reply, problem: `status ${reply.status}` } }
    const parsed = parseDirectory(new TextDecoder().decode(got.value.body))
    if (!parsed.ok) {
      const e = parsed.error
      return { ok: true, value: { reply, problem: `${e.path || "/"}: expected ${e.expected}, got ${e.got}` } }
    }
    this.dir = parsed.value
    return { ok: true, value: { reply: got.value, directory: parsed.value } }
  }

  /** The URL of an endpoint of the target for one identifier; discover() must have succeeded. */
  url(endpoint: Endpoint, value: string): string {
    if (this.dir === undefined) throw new Error("the target's directory was not discovered")
    return expandTemplate(this.dir[endpoint], value)
  }

  post(endpoint: Endpoint, value: string, body: Uint8Array, o: SendOptions): Promise<Outcome<HttpReply>> {
    return this.client.post(this.url(endpoint, value), body, o)
  }

  async close(): Promise<void> {
    await Promise.all([this.client.close(), this.endpoint.close()])
  }
}

function ownDirectory(domain: string): Record<Endpoint, string> {
  const base = `https://${domain}/v1`
  return {
    keyMaterial: `${base}/keyMaterial/{targetUser}`, update: `${base}/update/{roomId}`,
    notify: `${base}/notify/{roomId}`,
    submitMessage: `${base}/submitMessage/{roomId}`, groupInfo: `${base}/groupInfo/{roomId}`,
    requestConsent: `${base}/requestConsent/{targetDomain}`, updateConsent: `${base}/updateConsent/{requesterDomain}`,
    identifierQuery: `${base}/identifierQuery/{domain}`, reportAbuse: `${base}/reportAbuse/{roomId}`,
    proxyDownload: `${base}/proxyDownload/{downloadUrl}`,
  }
}
