import { formatDecodeError } from "../../../harness/protocol/tls-syntax/errors.ts"
import { refHash, verifyWithLabel } from "../../../harness/protocol/mls/crypto/labeled.ts"
import {
  decodeKeyMaterialRequest, decodeKeyMaterialResponse, encodeKeyMaterialRequestTbs, encodeKeyMaterialResponse,
  type ClientKeyMaterial, type KeyMaterialRequest, type KeyMaterialResponse,
} from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { capabilities, SUITE_ID } from "../mls/engine.ts"
import { u8 } from "../store.ts"
import { domainOf, uriToPath } from "../uris.ts"
import { getRoom } from "../hub/state.ts"
import { encodeKeyPackage, strictKeyPackage } from "../wire/mls.ts"
import { clientsOfUser } from "./clients.ts"

const reply = (r: Omit<KeyMaterialResponse, "protocol">): Reply =>
  ({ status: 200, body: encodeKeyMaterialResponse({ protocol: "mls10", ...r }) })

/**
 * POST /keyMaterial/{targetUser} (-06 §5.3). As the room's hub for a remote target it forwards the
 * request and records which provider owns each returned KeyPackageRef (for routing the Welcome);
 * for its own users it claims one unexpired, unclaimed KeyPackage per client, atomically.
 */
export async function handleKeyMaterial(ctx: ProviderContext, target: string, body: Uint8Array): Promise<Reply> {
  const parsed = decodeKeyMaterialRequest(body)
  if (!parsed.ok) return text(400, `malformed KeyMaterialRequest: ${formatDecodeError(parsed.error)}`)
  const req = parsed.value
  if (req.targetUser !== target) return text(400, "targetUser differs from the request path")
  const tbs = encodeKeyMaterialRequestTbs(req)
  if (!verifyWithLabel(ctx.suite, req.requesterSignatureKey, "KeyMaterialRequestTBS", tbs, req.signature)) {
    return text(403, "key_material_request_signature does not verify")
  }
  const targetDomain = domainOf(target)
  if (targetDomain !== ctx.domain) return forward(ctx, req, targetDomain, body)
  return reply(claim(ctx, req))
}

async function forward(
  ctx: ProviderContext, req: KeyMaterialRequest, domain: string | undefined, body: Uint8Array,
): Promise<Reply> {
  if (!domain || !ctx.peers.knows(domain)) return text(404, `no provider for ${req.targetUser}`)
  if (domainOf(req.roomId) !== ctx.domain || !getRoom(ctx.db, req.roomId)) {
    return text(404, `${ctx.domain} is not the hub of ${req.roomId || "(no room)"}`)
  }
  const res = await ctx.peers.post(domain, `/v1/keyMaterial/${uriToPath(req.targetUser)}`, body)
  if (res.status !== 200) return { status: res.status, body: res.body }
  const parsed = decodeKeyMaterialResponse(res.body)
  if (!parsed.ok) return text(502, `${domain} answered a malformed KeyMaterialResponse`)
  for (const c of parsed.value.clients) {
    if (c.clientStatus !== "success") continue
    const ref = refHash(ctx.suite, "MLS 1.0 KeyPackage Reference", encodeKeyPackage(c.keyPackage))
    ctx.db.prepare("INSERT OR REPLACE INTO kp_routes (ref, domain, room_id) VALUES (?, ?, ?)")
      .run(ref, domain, req.roomId)
  }
  return { status: 200, body: res.body }
}

function compatible(req: KeyMaterialRequest): boolean {
  const caps = capabilities()
  const rc = req.requiredCapabilities
  return req.acceptableCiphersuites.includes(SUITE_ID) &&
    rc.extensionTypes.every((e) => caps.extensions.includes(e) || e <= 5) &&
    rc.proposalTypes.every((p) => caps.proposals.includes(p) || p <= 7) &&
    rc.credentialTypes.every((c) => c === 1)
}

function claim(ctx: ProviderContext, req: KeyMaterialRequest): Omit<KeyMaterialResponse, "protocol"> {
  const db = ctx.db
  const user = db.prepare("SELECT deleted FROM users WHERE uri = ?").get(req.targetUser) as
    | { deleted: number } | undefined
  if (!user) return { userStatus: "userUnknown", userUri: req.targetUser, clients: [] }
  if (user.deleted) return { userStatus: "userDeleted", userUri: req.targetUser, clients: [] }
  const clients = clientsOfUser(db, req.targetUser)
  if (!compatible(req)) {
    return {
      userStatus: "noCompatibleMaterial", userUri: req.targetUser,
      clients: clients.map((c) => ({ clientStatus: "nothingCompatible", clientUri: c })),
    }
  }
  const now = Math.floor(Date.now() / 1000)
  const reuse = ctx.faults.has("key-package-reuse")
  const expired = ctx.faults.has("expired-key-package")
  const pick = db.prepare(
    "SELECT ref, kp FROM key_packages WHERE client_uri = ? AND cipher_suite IN (SELECT value FROM json_each(?))" +
    (reuse ? "" : " AND claimed_at IS NULL") + (expired ? "" : " AND not_after > ?") +
    (expired ? " ORDER BY not_after ASC LIMIT 1" : " ORDER BY rowid LIMIT 1"),
  )
  const mark = db.prepare("UPDATE key_packages SET claimed_at = ?, room_id = ? WHERE ref = ?")
  const out: ClientKeyMaterial[] = db.transaction(() => clients.map((client): ClientKeyMaterial => {
    const suites = JSON.stringify(req.acceptableCiphersuites)
    const row = (expired ? pick.get(client, suites) : pick.get(client, suites, now)) as
      | { ref: Buffer; kp: Buffer } | undefined
    if (!row) return { clientStatus: "keyMaterialExhausted", clientUri: client }
    mark.run(now, req.roomId, row.ref)
    // Stored as an MLSMessage; the response carries the bare KeyPackage.
    return { clientStatus: "success", clientUri: client, keyPackage: strictKeyPackage(u8(row.kp).slice(4)) }
  }))()
  const got = out.filter((c) => c.clientStatus === "success").length
  const userStatus = got === clients.length && got > 0 ? "success" : got > 0 ? "partialSuccess" : "noCompatibleMaterial"
  return { userStatus, userUri: req.targetUser, clients: out }
}
