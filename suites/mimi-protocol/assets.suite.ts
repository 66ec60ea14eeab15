/**
 * File transfer (content-08 §4.5, -06 §5.10): an attachment encrypted with AES-128-GCM, uploaded to
 * the sender's asset store and fetched through the hub's proxyDownload. The recipient gets the
 * plaintext only when the GCM tag and contentHash verify; the hub proxies only peers' asset domains;
 * the room's asset policy (room-policy §6.4) is enforced on upload and by the recipient's client.
 */
import { createHash } from "node:crypto"
import { afterAll } from "vitest"
import type { CheckFn } from "../../harness/engine/check.ts"
import { bytesEqual, isTrue } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { openAttachment, type AttachmentFields } from "../../harness/protocol/content/index.ts"
import type { AssetPolicy, AttachmentRef } from "../../targets/driver/types.ts"
import { localRoom, messagesWithId, receivedIn, type LocalRoom } from "../mimi-content/driver-room.ts"
import {
  aesGcmFields, driverRefused, httpAccepted, httpRefused, refusedAlike, storedDelta,
} from "../mimi-content/findings.ts"
import { closeProvider, provider, type Provider } from "./fixtures.ts"
import { settle } from "./rooms.ts"

afterAll(closeProvider)

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const ID = "mimi.assets.proxy-implemented"
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"))
/** The hex string with the low bit of its first octet flipped. */
const flip = (h: string) => (parseInt(h.slice(0, 2), 16) ^ 0x01).toString(16).padStart(2, "0") + h.slice(2)

/** A deterministic file of about 3 KiB, different for every label. */
function file(label: string): Uint8Array {
  const blocks = Array.from({ length: 94 }, (_, i) => createHash("sha256").update(`${label} ${i}`).digest())
  return new Uint8Array(Buffer.concat(blocks))
}

const fields = (a: AttachmentRef): AttachmentFields => ({
  encAlg: a.encAlg, key: fromHex(a.key), nonce: fromHex(a.nonce), aad: fromHex(a.aad), hashAlg: a.hashAlg,
  contentHash: fromHex(a.contentHash),
})

const uploadReq = (client: string, data: Uint8Array, filename: string, contentType = "application/pdf") =>
  ({ client, dataBase64: Buffer.from(data).toString("base64"), contentType, filename })

async function upload(p: Provider, check: CheckFn, client: string, data: Uint8Array, filename: string) {
  return check.ok(ID, await p.drive("uploadAttachment", uploadReq(client, data, filename))).attachment
}

/** alice sends `attachment`; bob's client downloads it through the hub. */
async function sendAndDownload(p: Provider, check: CheckFn, r: LocalRoom, attachment: AttachmentRef) {
  const sent = check.ok(ID, await p.drive("sendMessage", { client: r.aliceClient, room: r.room, attachment }))
  await settle(p, check, ID)
  const got = messagesWithId(await receivedIn(p, check, ID, r.bobClient, r.room), sent.messageId)
  check.fatal(ID, isTrue(got.length === 1, "bob received the message with the attachment", `${got.length} message(s)`))
  return p.drive("downloadAttachment", { client: r.bobClient, messageId: sent.messageId })
}

/** GET proxyDownload/{downloadUrl} on the hub, as a peer provider. */
async function proxy(p: Provider, url: string): Promise<{ status: number | string; body: Uint8Array }> {
  const got = await p.peer.client.send("GET", p.peer.url("proxyDownload", url), undefined, { signal: p.signal })
  if (!got.ok) return { status: `${got.kind}: ${got.detail}`, body: new Uint8Array() }
  return { status: got.value.status, body: got.value.body }
}

const show = (status: number | string) => (typeof status === "number" ? `HTTP ${status}` : status)

scenario("an AES-128-GCM attachment reaches the recipient through the hub's proxyDownload", {
  ...base, id: "mimi.assets.download",
  requirements: ["mimi.assets.proxy-implemented", "mimi.assets.proxy-returns-content", "content.external.aes-128-gcm",
    "content.external.integrity"],
}, async (ctx) => {
  const p = await provider(ctx)
  ctx.check.ok(ID, await p.peer.discover(p.signal))
  const r = await localRoom(p, ctx.check, ID)
  const data = file(`${ctx.run.runId} download`)
  const a = await upload(p, ctx.check, r.aliceClient, data, "report.pdf")
  // 1. The ExternalPart names AES-128-GCM with a 16-octet key and a 12-octet nonce.
  ctx.check("content.external.aes-128-gcm", aesGcmFields(a))
  // 2. The hub proxies the blob to a peer; the suite's own oracle verifies the hash and tag and decrypts it.
  const blob = await proxy(p, a.url)
  ctx.check("mimi.assets.proxy-returns-content", isTrue(blob.status === 200 && blob.body.length > 0,
    "200 with the stored blob", `${show(blob.status)}, ${blob.body.length} bytes`))
  const opened = openAttachment(fields(a), blob.body)
  ctx.check("content.external.integrity", opened.ok ? bytesEqual(opened.plaintext, data)
    : { ok: false, expected: "the proxied blob opens to the uploaded file",
      actual: `${opened.rule}: ${opened.detail}` })
  // 3. The recipient's client fetches it through the hub and gets the plaintext.
  const down = await sendAndDownload(p, ctx.check, r, a)
  const plain = down.ok ? new Uint8Array(Buffer.from(down.value.dataBase64, "base64")) : undefined
  ctx.check("mimi.assets.proxy-returns-content", plain === undefined
    ? { ok: false, expected: "bob's client downloads the file", actual: down.ok ? "" : `${down.kind}: ${down.detail}` }
    : bytesEqual(plain, data))
})

scenario("a tampered blob, a wrong key and a mismatched hash are each refused the same way", {
  ...base, id: "mimi.assets.integrity",
  requirements: ["content.external.integrity"],
}, async (ctx) => {
  const p = await provider(ctx)
  const r = await localRoom(p, ctx.check, ID)
  const a = await upload(p, ctx.check, r.aliceClient, file(`${ctx.run.runId} original`), "original.pdf")
  const other = await upload(p, ctx.check, r.aliceClient, file(`${ctx.run.runId} substitute`), "original.pdf")
  // The tampered blob: another stored blob under the original's key, nonce and hash.
  const outcomes = {
    "tampered blob": await sendAndDownload(p, ctx.check, r, { ...a, url: other.url }),
    "wrong key": await sendAndDownload(p, ctx.check, r, { ...a, key: flip(a.key) }),
    "mismatched hash": await sendAndDownload(p, ctx.check, r, { ...a, contentHash: flip(a.contentHash) }),
  }
  ctx.check("content.external.integrity", refusedAlike(outcomes, "unverifiable attachment"))
})

scenario("the hub refuses to proxy a URL outside its peers' asset domains", {
  ...base, id: "mimi.assets.outside-refused",
  requirements: ["mimi.assets.no-open-proxy", "mimi.assets.proxy-implemented"],
}, async (ctx) => {
  const p = await provider(ctx)
  ctx.check.ok(ID, await p.peer.discover(p.signal))
  const r = await localRoom(p, ctx.check, ID)
  const a = await upload(p, ctx.check, r.aliceClient, file(`${ctx.run.runId} proxy`), "proxy.pdf")
  const asset = new URL(a.url)
  // Control: the genuine asset URL is proxied, so a refusal below is about the URL, not the caller.
  const control = await proxy(p, a.url)
  ctx.check(ID, httpAccepted(control.status, "proxyDownload of the peer's own asset"))
  const outside = {
    "foreign host": `https://assets.elsewhere.invalid${asset.pathname}`,
    "plain http": `http://${asset.host}${asset.pathname}`,
    "userinfo": `https://${p.peer.domain}@assets.elsewhere.invalid${asset.pathname}`,
    "look-alike subdomain": `https://${asset.hostname}.elsewhere.invalid${asset.pathname}`,
  }
  for (const [what, url] of Object.entries(outside)) {
    const got = await proxy(p, url)
    ctx.check("mimi.assets.no-open-proxy", httpRefused(got.status, `proxyDownload of a ${what} URL`), { hint: url })
  }
})

/** The policy of the scenario below: PDFs (any parameters) up to 4 KiB of encrypted asset, nothing else. */
const POLICY: AssetPolicy = { maxAttachment: 4096, permittedMediaTypes: ["application/pdf"] }

scenario("the room's asset policy: within it accepted, oversize or another media type refused and never delivered", {
  ...base, id: "mimi.assets.policy",
  requirements: ["mimi.asset-policy.max-size", "mimi.asset-policy.media-type", "mimi.asset-policy.recipient-enforced"],
}, async (ctx) => {
  const p = await provider(ctx)
  const r = await localRoom(p, ctx.check, ID)
  const { room } = ctx.check.ok(ID, await p.drive("createRoom", {
    client: r.aliceClient, name: p.unique("policy-room"), assetPolicy: POLICY }))
  ctx.check.ok(ID, await p.drive("addParticipant", { client: r.aliceClient, room, user: r.bob }))
  await settle(p, ctx.check, ID)
  const inPolicy = { ...r, room }
  const stored = async () => ctx.check.ok(ID, await p.drive("assets", { client: r.aliceClient })).assets.length
  const small = file(`${ctx.run.runId} small`)
  const big = new Uint8Array([...small, ...file(`${ctx.run.runId} big`)])
  // 1. Within the policy: the upload is accepted and bob gets the file.
  const ok = await p.drive("uploadAttachment", { ...uploadReq(r.aliceClient, small, "ok.pdf"), room })
  ctx.check("mimi.asset-policy.max-size", isTrue(ok.ok, "a PDF within the limit accepted",
    ok.ok ? "accepted" : `${ok.kind}: ${ok.detail}`))
  if (ok.ok) {
    const down = await sendAndDownload(p, ctx.check, inPolicy, ok.value.attachment)
    ctx.check("mimi.asset-policy.recipient-enforced", down.ok ? bytesEqual(Buffer.from(down.value.dataBase64, "base64"),
      small) : { ok: false, expected: "bob downloads the allowed file", actual: `${down.kind}: ${down.detail}` })
  }
  // 2. Oversize and another media type: refused, and the asset store holds nothing new.
  const refusals = {
    "mimi.asset-policy.max-size": ["an oversize PDF", uploadReq(r.aliceClient, big, "big.pdf")],
    "mimi.asset-policy.media-type":
      ["an executable", uploadReq(r.aliceClient, small, "x.exe", "application/x-msdownload")],
  } as const
  for (const [id, [what, req]] of Object.entries(refusals)) {
    const before = await stored()
    ctx.check(id as keyof typeof refusals, driverRefused(await p.drive("uploadAttachment", { ...req, room }), what))
    ctx.check(id as keyof typeof refusals, storedDelta(before, await stored(), 0, `upload of ${what}`))
  }
  // 3. The same files uploaded outside the room and sent into it: bob's client refuses them, delivers nothing,
  //    also when the part understates its size.
  const sent: [string, AttachmentRef][] = []
  for (const [what, req] of Object.values(refusals)) {
    sent.push([what, ctx.check.ok(ID, await p.drive("uploadAttachment", req)).attachment])
  }
  const oversize = sent[0]?.[1]
  if (oversize) sent.push(["an oversize PDF declared small", { ...oversize, size: 100 }])
  for (const [what, a] of sent) {
    const down = await sendAndDownload(p, ctx.check, inPolicy, a)
    ctx.check("mimi.asset-policy.recipient-enforced", driverRefused(down, `bob's download of ${what}`))
  }
})
