import { createHash, randomBytes } from "node:crypto"
import {
  computeMessageId, decodeMimiContent, messageIdHex, openAttachment, sealAttachment, type ExternalPart, type NestedPart,
} from "../../../harness/protocol/content/index.ts"
import {
  computeFrankingTag, decodeSubmitMessageResponse, encodeAbuseReport, encodeFrankedAad, encodeSubmitMessageRequest,
  type AbusiveMessage, type Frank,
} from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { encodeMessage, encrypt } from "../mls/engine.ts"
import { domainOf, userOfClient, uriToPath } from "../uris.ts"
import { toStrictMessage } from "../wire/mls.ts"
import { assetPolicyOf, assetPolicyProblem, recordAssetOwner } from "./asset-policy.ts"
import { loadState, saveState, UserError, withClientLock } from "./clients.ts"
import { buildContent, type Outgoing } from "./content.ts"

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"))
const said = (body: Uint8Array) => Buffer.from(body).toString()

export interface FrankJson { serverFrank: string; cipherSuite: number; signature: string }
const frankJson = (f: Frank): FrankJson =>
  ({ serverFrank: hex(f.serverFrank), cipherSuite: f.cipherSuite, signature: hex(f.signature) })

/** Sends MIMI content from a local client: franking tag in the AAD (-06 §5.4.1.1), submitMessage to the hub. */
export async function sendMessage(ctx: ProviderContext, client: string, room: string, out: Outgoing) {
  const user = userOfClient(client)
  if (!user) throw new UserError(`${client} is not a client URI`)
  return withClientLock(client, room, async () => {
    const state = loadState(ctx.db, client, room)
    if (!state) throw new UserError(`${client} is not in ${room}`)
    const { bytes, content } = buildContent(user, room, out)
    const enc = await encrypt(state, bytes, encodeFrankedAad(computeFrankingTag(content.salt, bytes)))
    const hash = createHash("sha256").update(encodeMessage(enc.message)).digest()
    ctx.db.transaction(() => {
      saveState(ctx.db, client, room, enc.newState)
      ctx.db.prepare("INSERT OR IGNORE INTO sent (hash, client_uri) VALUES (?, ?)").run(hash, client)
      // The content joins the client's history when the hub's fan-out brings the message back.
      ctx.db.prepare("INSERT OR IGNORE INTO sent_content (hash, content) VALUES (?, ?)").run(hash, bytes)
    })()
    const appMessage = toStrictMessage(enc.message)
    const body = encodeSubmitMessageRequest({ protocol: "mls10", appMessage, sendingUri: user })
    const res = await ctx.toHub(domainOf(room) ?? "", "POST", `/v1/submitMessage/${uriToPath(room)}`, body)
    if (res.status !== 200) throw new UserError(`submitMessage refused with HTTP ${res.status}: ${said(res.body)}`)
    const parsed = decodeSubmitMessageResponse(res.body)
    if (!parsed.ok) throw new UserError("malformed SubmitMessageResponse")
    const r = parsed.value
    const messageId = messageIdHex(computeMessageId(user, room, bytes, content.salt))
    if (r.statusCode !== "accepted") return { status: r.statusCode, messageId }
    const accepted = { status: r.statusCode, messageId, acceptedTimestamp: Number(r.acceptedTimestamp) }
    return r.frank ? { ...accepted, frank: frankJson(r.frank) } : accepted
  })
}

export type AttachmentRef = Omit<ExternalPart, "cardinality" | "disposition" | "language">

/**
 * Encrypts a file (AES-128-GCM, content-08 §4.5) and stores it in this provider's asset store. With a
 * room, an asset the room's policy does not allow is refused and nothing is stored.
 */
export function uploadAttachment(
  ctx: ProviderContext, client: string, data: Uint8Array, contentType: string, filename: string, room?: string,
): AttachmentRef {
  const { ciphertext, fields } = sealAttachment(data, { key: randomBytes(16), nonce: randomBytes(12) })
  const policy = room === undefined ? undefined : assetPolicyOf(ctx.db, room)
  const problem = policy && assetPolicyProblem(policy, contentType, ciphertext.length)
  if (problem && !ctx.faults.has("ignore-asset-policy")) throw new UserError(`upload refused: ${problem}`)
  const id = randomBytes(12).toString("hex")
  ctx.db.transaction(() => {
    ctx.db.prepare("INSERT INTO assets (id, content_type, bytes, created_at) VALUES (?, ?, ?, ?)")
      .run(id, "application/octet-stream", ciphertext, Date.now())
    const owned = { assetId: id, contentType, size: ciphertext.length }
    recordAssetOwner(ctx.db, client, room === undefined ? owned : { ...owned, room })
  })()
  const url = `https://${ctx.domain}/assets/${id}`
  return { ...fields, contentType, url, expires: 0, size: BigInt(ciphertext.length), description: "", filename }
}

interface Stored {
  room: string
  messageId: string
  content: string
  timestamp: number
  senderUri: string
  frank?: FrankJson
}

function receivedMessage(ctx: ProviderContext, client: string, messageId: string): Stored {
  const rows = ctx.db.prepare("SELECT room_id, body FROM received WHERE client_uri = ? AND kind = 'message'")
    .all(client) as { room_id: string; body: string }[]
  for (const r of rows) {
    const b = JSON.parse(r.body) as Omit<Stored, "room">
    if (b.messageId === messageId) return { room: r.room_id, ...b }
  }
  throw new UserError(`${client} has not received message ${messageId}`)
}

/** Fetches and opens the first attachment of a received message through the hub's proxyDownload (-06 §5.10). */
export async function downloadAttachment(ctx: ProviderContext, client: string, messageId: string): Promise<Uint8Array> {
  const m = receivedMessage(ctx, client, messageId)
  const content = decodeMimiContent(fromHex(m.content))
  if (!content.ok) throw new UserError("stored content does not decode")
  const find = (p: NestedPart): ExternalPart | undefined =>
    p.cardinality === 2 ? p : p.cardinality === 3 ? p.parts.map(find).find((x) => x !== undefined) : undefined
  const part = find(content.value.nestedPart)
  if (!part) throw new UserError(`message ${messageId} has no attachment`)
  // The room's asset policy is checked on what the part declares, before fetching, and on what arrived.
  const policy = ctx.faults.has("ignore-asset-policy") ? undefined : assetPolicyOf(ctx.db, m.room)
  const refused = (size: number) => policy && assetPolicyProblem(policy, part.contentType, size)
  const declared = refused(Number(part.size))
  if (declared) throw new UserError(`attachment refused: ${declared}`)
  const res = await ctx.toHub(domainOf(m.room) ?? "", "GET", `/v1/proxyDownload/${encodeURIComponent(part.url)}`)
  if (res.status !== 200) throw new UserError(`proxyDownload answered HTTP ${res.status}: ${said(res.body)}`)
  const arrived = refused(res.body.length)
  if (arrived) throw new UserError(`attachment refused: ${arrived}`)
  const opened = openAttachment(part, res.body)
  if (!opened.ok) throw new UserError(`attachment does not verify: ${opened.detail}`)
  return opened.plaintext
}

/** Reports received messages to the room's hub (-06 §5.9); returns the hub's HTTP status. */
export async function reportAbuse(
  ctx: ProviderContext, client: string, room: string, messageIds: string[], note: string,
): Promise<{ status: number; reason: string }> {
  const msgs = messageIds.map((id) => receivedMessage(ctx, client, id))
  const messages: AbusiveMessage[] = msgs.map((m) => {
    if (!m.frank) throw new UserError(`message ${m.messageId} carries no frank`)
    const f = m.frank
    const frank = { serverFrank: fromHex(f.serverFrank), cipherSuite: f.cipherSuite, signature: fromHex(f.signature) }
    return { messageContent: fromHex(m.content), acceptedTimestamp: BigInt(m.timestamp), frank }
  })
  const body = encodeAbuseReport({
    reportingUser: userOfClient(client) ?? "", allegedAbuserUri: msgs[0]?.senderUri ?? "", reasonCode: 0,
    note: new TextEncoder().encode(note), messages, abuseExtensions: [],
  })
  const res = await ctx.toHub(domainOf(room) ?? "", "POST", `/v1/reportAbuse/${uriToPath(room)}`, body)
  return { status: res.status, reason: said(res.body) }
}
