/**
 * The room's asset policy (room-policy-03 §6.4, AssetPolicy): size limits per kind of asset and the
 * permitted and forbidden media types. The reference keeps it with the room on its hosting provider;
 * the asset store enforces it on upload and the recipient's client on download.
 */
import type { AssetPolicy } from "../../driver/types.ts"
import type { Db } from "../store.ts"

const SCHEMA = `
CREATE TABLE IF NOT EXISTS asset_policies (room_id TEXT PRIMARY KEY, policy TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS asset_owners (
  asset_id TEXT PRIMARY KEY, client_uri TEXT NOT NULL, room_id TEXT, content_type TEXT NOT NULL, size INTEGER NOT NULL);
`
const ready = new WeakSet<Db>()

function prepared(db: Db): Db {
  if (!ready.has(db)) {
    db.exec(SCHEMA)
    ready.add(db)
  }
  return db
}

export function setAssetPolicy(db: Db, room: string, policy: AssetPolicy): void {
  prepared(db).prepare("INSERT OR REPLACE INTO asset_policies (room_id, policy) VALUES (?, ?)")
    .run(room, JSON.stringify(policy))
}

/** The room's policy, or undefined when this provider holds none for it (no limits). */
export function assetPolicyOf(db: Db, room: string): AssetPolicy | undefined {
  const row = prepared(db).prepare("SELECT policy FROM asset_policies WHERE room_id = ?").get(room) as
    | { policy: string } | undefined
  return row === undefined ? undefined : (JSON.parse(row.policy) as AssetPolicy)
}

export interface OwnedAsset { assetId: string; room?: string; contentType: string; size: number }

export function recordAssetOwner(db: Db, client: string, a: OwnedAsset): void {
  prepared(db).prepare(
    "INSERT INTO asset_owners (asset_id, client_uri, room_id, content_type, size) VALUES (?, ?, ?, ?, ?)",
  ).run(a.assetId, client, a.room ?? null, a.contentType, a.size)
}

/** What the asset store holds that `client` uploaded, oldest first. */
export function assetsOf(db: Db, client: string): OwnedAsset[] {
  const rows = prepared(db).prepare(
    "SELECT asset_id, room_id, content_type, size FROM asset_owners WHERE client_uri = ? ORDER BY rowid",
  ).all(client) as { asset_id: string; room_id: string | null; content_type: string; size: number }[]
  return rows.map((r) => ({
    assetId: r.asset_id, contentType: r.content_type, size: r.size, ...(r.room_id === null ? {} : { room: r.room_id }),
  }))
}

const bare = (t: string) => (t.split(";")[0] ?? "").trim().toLowerCase()

/** An entry without parameters matches the type/subtype with any parameters (§6.4). */
function listed(entries: readonly string[], mediaType: string): boolean {
  const full = mediaType.replace(/\s+/g, "").toLowerCase()
  return entries.some((e) => {
    const entry = e.replace(/\s+/g, "").toLowerCase()
    return entry === full || (!entry.includes(";") && entry === bare(mediaType))
  })
}

/** The limit for the asset's kind: max_image, max_audio, max_video, else max_attachment. */
function limitFor(p: AssetPolicy, mediaType: string): number | undefined {
  const top = bare(mediaType).split("/")[0]
  return top === "image" ? p.maxImage : top === "audio" ? p.maxAudio : top === "video" ? p.maxVideo : p.maxAttachment
}

/** Why an asset of this media type and size (octets of the encrypted asset) breaks the policy, or undefined. */
export function assetPolicyProblem(p: AssetPolicy, mediaType: string, size: number): string | undefined {
  if (p.forbiddenMediaTypes !== undefined && listed(p.forbiddenMediaTypes, mediaType)) {
    return `media type ${mediaType} is forbidden in this room`
  }
  if (p.permittedMediaTypes !== undefined && !listed(p.permittedMediaTypes, mediaType)) {
    return `media type ${mediaType} is not permitted in this room`
  }
  const limit = limitFor(p, mediaType)
  if (limit === undefined || size <= limit) return undefined
  return `asset of ${size} octets exceeds the room's limit of ${limit}`
}
