/**
 * The peer provider's transcript: every request and response it exchanges with the target goes to
 * the scenario's evidence, in printable form, with private key material redacted.
 */
export type EvidenceSink = (label: string, data: unknown, kind?: "http" | "bytes" | "note") => void

/** Receives one timed request to the target, for the reliability report. */
export type RequestSink = (sample: { endpoint: string; method: string; status: number; ms: number }) => void

export interface Exchange {
  direction: "to-target" | "from-target"
  method: string
  url: string
  requestHeaders: Record<string, string>
  requestBody?: Uint8Array | string
  status?: number
  responseHeaders?: Record<string, string>
  responseBody?: Uint8Array | string
  /** Transport trouble instead of a response. */
  error?: string
  ms: number
}

const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g
const SECRET_FIELD = /priv|secret|password|signKey|initKey?Private|encryptionPriv/i
const MAX_BODY = 4096

/** Replaces PEM private keys and JSON fields that name private material. */
export function redact(text: string): string {
  const unpem = text.replace(PEM_PRIVATE, "[redacted private key]")
  if (!/^\s*[[{]/.test(unpem)) return unpem
  try {
    return JSON.stringify(JSON.parse(unpem), (k, v: unknown) => (SECRET_FIELD.test(k) ? "[redacted]" : v))
  } catch {
    return unpem
  }
}

function showBody(body: Uint8Array | string | undefined): string | undefined {
  if (body === undefined) return undefined
  if (typeof body === "string") return redact(body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}…` : body)
  const hex = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("hex")
  return `${hex.length > MAX_BODY ? `${hex.slice(0, MAX_BODY)}…` : hex} (${body.byteLength} bytes)`
}

/** The evidence record of one exchange: a label line plus the printable request and response. */
export function describeExchange(x: Exchange): { label: string; data: Record<string, unknown> } {
  const outcome = x.error === undefined ? String(x.status) : `error ${x.error}`
  const arrow = x.direction === "to-target" ? "→" : "←"
  return {
    label: `${arrow} ${x.method} ${x.url} ${outcome} (${x.ms} ms)`,
    data: {
      request: { headers: x.requestHeaders, body: showBody(x.requestBody) },
      ...(x.error === undefined
        ? { response: { status: x.status, headers: x.responseHeaders, body: showBody(x.responseBody) } }
        : { error: x.error }),
    },
  }
}

/** Holds the current scenario's sink: the peer outlives scenarios, its evidence goes to the running one. */
export class Transcript {
  private sink: EvidenceSink | undefined
  private requests: RequestSink | undefined
  /** The current scenario's exchanges, for checks that read what was sent or received. */
  readonly exchanges: Exchange[] = []

  bind(sink: EvidenceSink | undefined, requests?: RequestSink): void {
    this.sink = sink
    this.requests = requests
    this.exchanges.length = 0
  }

  record(x: Exchange): void {
    this.exchanges.push(x)
    const { label, data } = describeExchange(x)
    this.sink?.(label, data, "http")
    if (x.direction === "to-target") {
      this.requests?.({ endpoint: endpointOf(x.url), method: x.method, status: x.status ?? 0, ms: x.ms })
    }
  }
}

const ENDPOINTS = new Set(["keyMaterial", "update", "notify", "submitMessage", "groupInfo", "requestConsent",
  "updateConsent", "identifierQuery", "reportAbuse", "proxyDownload"])

/** The MIMI endpoint a URL calls, whatever prefix the target's directory puts before it: ".../update/…" → "update". */
function endpointOf(url: string): string {
  try {
    const segments = new URL(url).pathname.split("/")
    if (segments[1] === ".well-known") return "directory"
    return segments.find((s) => ENDPOINTS.has(s)) ?? segments.filter((s) => s !== "").join("/")
  } catch {
    return url
  }
}
