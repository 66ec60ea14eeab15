import { decodeGroupState, encodeGroupState, type ClientState, type KeyPackage, type PrivateKeyPackage } from "ts-mls"
import { decodeKeyPackage } from "ts-mls/keyPackage.js"
import { Reader, Writer } from "../../../harness/protocol/tls-syntax/index.ts"
import type { ProviderContext } from "../context.ts"
import { CLIENT_CONFIG, newKeyPackage, newSigningIdentity, SUITE_ID, type SigningIdentity } from "../mls/engine.ts"
import { u8, type Db } from "../store.ts"
import { clientUri, parseUri, userUri } from "../uris.ts"

/** Local users and clients: identities, KeyPackages and per-room MLS state (ts-mls), kept in SQLite. */

export function createUser(ctx: ProviderContext, name: string, displayName = name): string {
  const uri = userUri(ctx.domain, name)
  if (!parseUri(uri)) throw new UserError(`invalid user name ${JSON.stringify(name)}`)
  ctx.db.prepare("INSERT INTO users (uri, handle, display_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
    .run(uri, name, displayName)
  return uri
}

export class UserError extends Error {}

export async function createClient(
  ctx: ProviderContext, user: string, device: string, keyPackages = 3,
): Promise<string> {
  const p = parseUri(user)
  if (!p || p.kind !== "u" || p.domain !== ctx.domain) throw new UserError(`${user} is not a user of ${ctx.domain}`)
  if (!ctx.db.prepare("SELECT 1 FROM users WHERE uri = ?").get(user)) throw new UserError(`unknown user ${user}`)
  const uri = clientUri(ctx.domain, p.name, device)
  if (!parseUri(uri)) throw new UserError(`invalid device name ${JSON.stringify(device)}`)
  if (ctx.db.prepare("SELECT 1 FROM clients WHERE uri = ?").get(uri)) throw new UserError(`client ${uri} exists`)
  const id = await newSigningIdentity(uri)
  ctx.db.prepare("INSERT INTO clients (uri, user_uri, sign_pub, sign_priv) VALUES (?, ?, ?, ?)")
    .run(uri, user, id.publicKey, id.signKey)
  await publishKeyPackages(ctx, uri, keyPackages)
  return uri
}

export function identityOf(db: Db, client: string): SigningIdentity {
  const row = db.prepare("SELECT sign_pub, sign_priv FROM clients WHERE uri = ?").get(client) as
    | { sign_pub: Buffer; sign_priv: Buffer } | undefined
  if (!row) throw new UserError(`unknown client ${client}`)
  return { clientUri: client, publicKey: u8(row.sign_pub), signKey: u8(row.sign_priv) }
}

export function clientsOfUser(db: Db, user: string): string[] {
  const rows = db.prepare("SELECT uri FROM clients WHERE user_uri = ? ORDER BY uri").all(user) as { uri: string }[]
  return rows.map((r) => r.uri)
}

const DAY = 24n * 3600n

/** Generates KeyPackages; `expired` ones have a lifetime that already ended (test material). */
export async function publishKeyPackages(
  ctx: ProviderContext, client: string, count: number, expired = false,
): Promise<void> {
  const id = identityOf(ctx.db, client)
  const now = BigInt(Math.floor(Date.now() / 1000))
  for (let i = 0; i < count; i++) {
    const [from, to] = expired ? [now - 2n * DAY, now - DAY] : [now - 3600n, now + 30n * DAY]
    const kp = await newKeyPackage(id, from, to)
    ctx.db.prepare(
      "INSERT INTO key_packages (ref, client_uri, kp, priv, cipher_suite, not_after) VALUES (?, ?, ?, ?, ?, ?)",
    )
      .run(kp.ref, client, kp.bytes, encodePrivate(kp.privateKeys), SUITE_ID, Number(to))
  }
}

function encodePrivate(p: PrivateKeyPackage): Uint8Array {
  const w = new Writer()
  w.opaque(p.initPrivateKey)
  w.opaque(p.hpkePrivateKey)
  w.opaque(p.signaturePrivateKey)
  return w.finish()
}

function decodePrivate(b: Uint8Array): PrivateKeyPackage {
  const r = new Reader(b, "PrivateKeyPackage")
  return { initPrivateKey: r.opaque("init"), hpkePrivateKey: r.opaque("hpke"), signaturePrivateKey: r.opaque("sig") }
}

/** A stored KeyPackage (an MLSMessage) with its private keys. */
export interface StoredKeyPackage { client: string; keyPackage: KeyPackage; keys: PrivateKeyPackage }

export function keyPackageByRef(db: Db, ref: Uint8Array): StoredKeyPackage | undefined {
  const row = db.prepare("SELECT client_uri, kp, priv FROM key_packages WHERE ref = ?").get(ref) as
    | { client_uri: string; kp: Buffer; priv: Buffer } | undefined
  if (!row) return undefined
  const bytes = u8(row.kp)
  const kp = decodeKeyPackage(bytes, 4)
  if (!kp) throw new Error("stored KeyPackage does not decode")
  return { client: row.client_uri, keyPackage: kp[0], keys: decodePrivate(u8(row.priv)) }
}

export function loadState(db: Db, client: string, room: string): ClientState | undefined {
  const row = db.prepare("SELECT state FROM client_rooms WHERE client_uri = ? AND room_id = ?").get(client, room) as
    | { state: Buffer } | undefined
  if (!row) return undefined
  const s = decodeGroupState(u8(row.state), 0)
  if (!s) throw new Error(`stored group state of ${client} in ${room} does not decode`)
  return { ...s[0], clientConfig: CLIENT_CONFIG }
}

export function saveState(db: Db, client: string, room: string, state: ClientState, nextInbox?: number): void {
  const bytes = encodeGroupState(state)
  if (nextInbox === undefined) {
    db.prepare("UPDATE client_rooms SET state = ? WHERE client_uri = ? AND room_id = ?").run(bytes, client, room)
  } else {
    db.prepare("INSERT INTO client_rooms (client_uri, room_id, state, next_inbox) VALUES (?, ?, ?, ?) " +
      "ON CONFLICT (client_uri, room_id) DO UPDATE SET state = excluded.state, next_inbox = excluded.next_inbox")
      .run(client, room, bytes, nextInbox)
  }
}

/** The newest inbox sequence number: a client joining now starts after it. */
export function inboxHead(db: Db): number {
  const row = db.prepare("SELECT MAX(seq) AS m FROM inbox").get() as { m: number | null }
  return row.m ?? 0
}

/** Serializes work on one client's state in one room (delivery and driver actions). */
const locks = new Map<string, Promise<unknown>>()
export function withClientLock<T>(client: string, room: string, fn: () => Promise<T>): Promise<T> {
  const key = `${client} ${room}`
  const prev = locks.get(key) ?? Promise.resolve()
  const next = prev.then(fn, fn)
  const tail = next.catch(() => undefined)
  locks.set(key, tail)
  void tail.then(() => {
    if (locks.get(key) === tail) locks.delete(key)
  })
  return next
}
