import { decode, encode } from "../../harness/protocol/tls-syntax/index.ts"
import { formatDecodeError } from "../../harness/protocol/tls-syntax/errors.ts"
import type { ProviderContext } from "./context.ts"
import { handleNotify } from "./follower/notify.ts"
import { handleReportAbuse } from "./hub/abuse.ts"
import { handleGroupInfo } from "./hub/group-info.ts"
import { proxyDownload, serveAsset } from "./hub/proxy.ts"
import { handleSubmit } from "./hub/submit.ts"
import { handleUpdate } from "./hub/update.ts"
import { text, type MimiRequest, type Reply } from "./http/server.ts"
import { handleKeyMaterial } from "./local/key-material.ts"
import { domainOf, parseUri, uriFromPath } from "./uris.ts"
import {
  consentEntryCodec, identifierRequestCodec, identifierResponseCodec, type IdentifierResponse,
} from "../../harness/protocol/mimi/index.ts"

/** The discovery document (-06 §5.1), with the draft's JSON defects repaired (see README). */
export function directory(domain: string): Record<string, string> {
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

const POST_ENDPOINTS = new Set(["keyMaterial", "update", "notify", "submitMessage", "groupInfo", "requestConsent",
  "updateConsent", "identifierQuery", "reportAbuse"])

/** Routes one authenticated MIMI request; never throws (a failure is a 500 with its reason). */
export async function route(ctx: ProviderContext, req: MimiRequest): Promise<Reply> {
  try {
    if (req.path === "/.well-known/mimi-protocol-directory" && req.method === "GET") {
      const headers = { "content-type": "application/json" }
      return { status: 200, body: JSON.stringify(directory(ctx.domain)), headers }
    }
    const asset = /^\/assets\/([^/]+)$/.exec(req.path)
    if (asset?.[1] && req.method === "GET") return serveAsset(ctx, asset[1])
    const m = /^\/v1\/([A-Za-z]+)\/(.+)$/.exec(req.path)
    if (!m) return text(404, `no endpoint at ${req.path}`)
    const [, endpoint = "", param = ""] = m
    if (endpoint === "proxyDownload") {
      return req.method === "GET" ? await proxyDownload(ctx, param) : text(405, "proxyDownload is GET")
    }
    if (!POST_ENDPOINTS.has(endpoint)) return text(404, `no endpoint ${endpoint}`)
    if (req.method !== "POST") return text(405, `${endpoint} is POST`)
    const target = uriFromPath(param)
    if (!target) return text(400, `path parameter ${param} is not a MIMI URI`)
    return await dispatch(ctx, endpoint, target, req)
  } catch (e) {
    return text(500, `internal error: ${(e as Error).message}`)
  }
}

async function dispatch(ctx: ProviderContext, endpoint: string, target: string, req: MimiRequest): Promise<Reply> {
  switch (endpoint) {
    case "keyMaterial": return handleKeyMaterial(ctx, target, req.body)
    case "update": return handleUpdate(ctx, target, req.body)
    case "notify": return handleNotify(ctx, target, req.body, req.peerDomain)
    case "submitMessage": return handleSubmit(ctx, target, req.body, req.peerDomain)
    case "groupInfo": return handleGroupInfo(ctx, target, req.body, req.peerDomain)
    case "reportAbuse": return handleReportAbuse(ctx, target, req.body, req.peerDomain)
    case "requestConsent":
    case "updateConsent": return consent(ctx, endpoint, target, req)
    default: return identifierQuery(ctx, target, req.body)
  }
}

/**
 * requestConsent / updateConsent (-06 §5.7): recorded and answered 201 ("received"), also for an
 * unknown user, for privacy. The path names a domain; the target (request) or requester (update)
 * must be on this provider and the other party on the sender's.
 */
function consent(ctx: ProviderContext, endpoint: string, pathDomain: string, req: MimiRequest): Reply {
  const parsed = decode(consentEntryCodec, req.body)
  if (!parsed.ok) return text(400, `malformed ConsentEntry: ${formatDecodeError(parsed.error)}`)
  const e = parsed.value
  const requesting = endpoint === "requestConsent"
  const op = e.consentOperation
  if (requesting !== (op === "request" || op === "cancel")) return text(400, `${op} is not sent to ${endpoint}`)
  const [local, remote] = requesting ? [e.targetUri, e.requesterUri] : [e.requesterUri, e.targetUri]
  if (pathDomain !== `mimi://${ctx.domain}` || domainOf(local) !== ctx.domain || domainOf(remote) !== req.peerDomain) {
    return text(400, "consent scope does not match the domains of this exchange")
  }
  ctx.db.prepare("INSERT INTO consent (operation, requester, target, room_id, at) VALUES (?, ?, ?, ?, ?)")
    .run(op, e.requesterUri, e.targetUri, e.roomId ?? null, Date.now())
  return { status: 201 }
}

/** identifierQuery (-06 §5.11): handle, nick and partialName over this provider's users. */
function identifierQuery(ctx: ProviderContext, pathDomain: string, body: Uint8Array): Reply {
  const parsed = decode(identifierRequestCodec, body)
  if (!parsed.ok) return text(400, `malformed IdentifierRequest: ${formatDecodeError(parsed.error)}`)
  const answer = (r: Omit<IdentifierResponse, "idResponseExtensions">): Reply =>
    ({ status: 200, body: encode(identifierResponseCodec, { ...r, idResponseExtensions: [] }) })
  if (pathDomain !== `mimi://${ctx.domain}`) return answer({ responseCode: "notFound", uris: [], foundProfiles: [] })
  const users = ctx.db.prepare("SELECT uri, handle, display_name FROM users WHERE deleted = 0").all() as
    { uri: string; handle: string; display_name: string }[]
  let hits = users
  for (const q of parsed.value.queryElements) {
    const v = new TextDecoder().decode(q.searchValue)
    if (q.searchType === "handle") hits = hits.filter((u) => u.uri === v)
    else if (q.searchType === "nick") hits = hits.filter((u) => parseUri(u.uri)?.name === v)
    else if (q.searchType === "partialName") {
      hits = hits.filter((u) => u.display_name.toLowerCase().includes(v.toLowerCase()))
    }
    else return answer({ responseCode: "unsupportedField", uris: [], foundProfiles: [] })
  }
  const responseCode = hits.length === 0 ? "notFound" : hits.length === 1 ? "success" : "ambiguous"
  return answer({ responseCode, uris: hits.map((u) => u.uri), foundProfiles: [] })
}
