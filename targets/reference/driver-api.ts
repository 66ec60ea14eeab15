import {
  DRIVER_API_VERSION, DRIVER_OPERATIONS, type AttachmentRef, type DriverOperation, type DriverOperations,
} from "../driver/types.ts"
import { validateDriver } from "../driver/validate.ts"
import { SUITE_ID } from "./mls/engine.ts"
import type { ProviderContext } from "./context.ts"
import type { MimiRequest, Reply } from "./http/server.ts"
import { createClient, createUser, publishKeyPackages, UserError } from "./local/clients.ts"
import { assetsOf, setAssetPolicy } from "./local/asset-policy.ts"
import { addDevice } from "./local/devices.ts"
import {
  downloadAttachment, reportAbuse, sendMessage, uploadAttachment, type AttachmentRef as Part,
} from "./local/messages.ts"
import { addParticipant, commitPending, createRoom, leaveRoom, removeParticipant } from "./local/rooms.ts"

const json = (status: number, body: unknown): Reply =>
  ({ status, body: JSON.stringify(body), headers: { "content-type": "application/json" } })
const refuse = (status: number, code: string, message: string) => json(status, { error: { code, message } })
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const bytes = (h: string) => new Uint8Array(Buffer.from(h, "hex"))
const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"))

const toJson = (p: Part): AttachmentRef => ({
  url: p.url, contentType: p.contentType, filename: p.filename, description: p.description, size: Number(p.size),
  expires: p.expires, encAlg: p.encAlg, key: hex(p.key), nonce: hex(p.nonce), aad: hex(p.aad), hashAlg: p.hashAlg,
  contentHash: hex(p.contentHash),
})
const fromJson = (a: AttachmentRef): Part => ({
  url: a.url, contentType: a.contentType, filename: a.filename, description: a.description, size: BigInt(a.size),
  expires: a.expires, encAlg: a.encAlg, key: bytes(a.key), nonce: bytes(a.nonce), aad: bytes(a.aad), hashAlg: a.hashAlg,
  contentHash: bytes(a.contentHash),
})

/** The abuse reports the hub stored for `room` (the hub's own table, -06 §5.9). */
function storedReports(ctx: ProviderContext, room: string) {
  const sql = "SELECT reporter, abuser, note, messages FROM abuse_reports WHERE room_id = ? ORDER BY id"
  const rows = ctx.db.prepare(sql)
    .all(room) as { reporter: string; abuser: string; note: Buffer | string; messages: number }[]
  return rows.map((x) => ({
    reportingUser: x.reporter, allegedAbuserUri: x.abuser, messages: x.messages, note: Buffer.from(x.note).toString(),
  }))
}

type Impl = {
  [O in DriverOperation]: (ctx: ProviderContext, r: DriverOperations[O]["req"]) => Promise<DriverOperations[O]["res"]>
}

export interface DriverHost {
  /** True when nothing accepted is waiting for fan-out or local delivery. */
  idle(): boolean
}

function operations(host: DriverHost): Impl {
  return {
    createUser: async (ctx, r) => ({ user: createUser(ctx, r.name, r.displayName) }),
    createClient: async (ctx, r) => ({ client: await createClient(ctx, r.user, r.device, r.keyPackages ?? 3) }),
    publishKeyPackages: async (ctx, r) => {
      await publishKeyPackages(ctx, r.client, r.count, r.expired ?? false)
      return { published: r.count }
    },
    createRoom: async (ctx, r) => {
      const room = await createRoom(ctx, r.client, r.name)
      if (r.assetPolicy) setAssetPolicy(ctx.db, room, r.assetPolicy)
      return { room }
    },
    addParticipant: (ctx, r) => addParticipant(ctx, r.client, r.room, r.user),
    removeParticipant: (ctx, r) => removeParticipant(ctx, r.client, r.room, r.user, r.ban === true),
    addDevice: (ctx, r) => addDevice(ctx, r.client, r.room),
    leaveRoom: (ctx, r) => leaveRoom(ctx, r.client, r.room),
    commitPending: (ctx, r) => commitPending(ctx, r.client, r.room),
    sendMessage: (ctx, r) => sendMessage(ctx, r.client, r.room, {
      ...(r.text === undefined ? {} : { text: r.text }),
      ...(r.attachment ? { attachment: fromJson(r.attachment) } : {}),
    }),
    received: async (ctx, r) => {
      const sql = "SELECT id, room_id, body FROM received WHERE client_uri = ? AND id > ? " +
        (r.room ? "AND room_id = ? " : "") + "ORDER BY id"
      const args = [r.client, r.after ?? 0, ...(r.room ? [r.room] : [])]
      const rows = ctx.db.prepare(sql).all(...args) as { id: number; room_id: string; body: string }[]
      return { items: rows.map((x) => ({ ...JSON.parse(x.body), seq: x.id, room: x.room_id })) }
    },
    uploadAttachment: async (ctx, r) => ({
      attachment: toJson(uploadAttachment(ctx, r.client, bytesOf(r.dataBase64), r.contentType, r.filename, r.room)),
    }),
    assets: async (ctx, r) => ({
      assets: assetsOf(ctx.db, r.client).map((a) => ({
        url: `https://${ctx.domain}/assets/${a.assetId}`, contentType: a.contentType, size: a.size,
      })),
    }),
    downloadAttachment: async (ctx, r) => ({
      dataBase64: Buffer.from(await downloadAttachment(ctx, r.client, r.messageId)).toString("base64"),
    }),
    reportAbuse: (ctx, r) => reportAbuse(ctx, r.client, r.room, r.messageIds, r.note),
    abuseReports: async (ctx, r) => ({ reports: storedReports(ctx, r.room) }),
    settle: async (_ctx, r) => {
      const until = Date.now() + (r.timeoutMs ?? 10_000)
      while (!host.idle()) {
        if (Date.now() > until) return { settled: false }
        await new Promise((res) => setTimeout(res, 10))
      }
      return { settled: true }
    },
  }
}

/**
 * The driver API of the reference provider (targets/driver/README.md). Only the suite's driver
 * certificate (domain `driverDomain`) may call it.
 */
export function driverRouter(ctx: ProviderContext, host: DriverHost, driverDomain: string, faults: string[]) {
  const ops = operations(host) as Record<string, (ctx: ProviderContext, r: unknown) => Promise<unknown>>
  return async (req: MimiRequest): Promise<Reply> => {
    if (req.peerDomain !== driverDomain) return refuse(403, "E_FORBIDDEN", `the driver is for ${driverDomain} only`)
    const op = req.path.slice("/driver/v1/".length)
    if (op === "info" && req.method === "GET") {
      return json(200, {
        driverVersion: DRIVER_API_VERSION, provider: ctx.domain, roles: ["hub", "follower"], cipherSuites: [SUITE_ID],
        faults,
      })
    }
    if (!(DRIVER_OPERATIONS as readonly string[]).includes(op)) {
      return refuse(404, "E_UNKNOWN_OPERATION", `no operation ${op}`)
    }
    if (req.method !== "POST") return refuse(405, "E_METHOD", "operations are POST")
    let body: unknown
    try {
      body = JSON.parse(Buffer.from(req.body).toString("utf8"))
    } catch {
      return refuse(400, "E_NOT_JSON", "the request body is not JSON")
    }
    const problem = validateDriver(`${op}Request`, body)
    if (problem) return refuse(400, "E_SCHEMA", problem)
    try {
      return json(200, await ops[op]!(ctx, body))
    } catch (e) {
      if (e instanceof UserError) return refuse(409, "E_REFUSED", e.message)
      return refuse(500, "E_INTERNAL", (e as Error).message)
    }
  }
}
