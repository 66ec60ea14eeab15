import Database from "better-sqlite3"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"

/**
 * The provider's durable state, one SQLite file in WAL mode. Every state change a peer or a client
 * can observe is committed in one transaction before it is acknowledged, so a killed process
 * restarts with nothing accepted lost and nothing delivered twice.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  uri TEXT PRIMARY KEY, handle TEXT NOT NULL, display_name TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS clients (
  uri TEXT PRIMARY KEY, user_uri TEXT NOT NULL REFERENCES users(uri), sign_pub BLOB NOT NULL, sign_priv BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS key_packages (
  ref BLOB PRIMARY KEY, client_uri TEXT NOT NULL, kp BLOB NOT NULL, priv BLOB NOT NULL, cipher_suite INTEGER NOT NULL,
  not_after INTEGER NOT NULL, claimed_at INTEGER, room_id TEXT);
CREATE INDEX IF NOT EXISTS kp_by_client ON key_packages (client_uri, claimed_at);
CREATE TABLE IF NOT EXISTS kp_routes (ref BLOB PRIMARY KEY, domain TEXT NOT NULL, room_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY, group_id BLOB NOT NULL, epoch INTEGER NOT NULL, group_info BLOB NOT NULL, tree BLOB NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
  room_id TEXT NOT NULL, user_uri TEXT NOT NULL, role INTEGER NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (room_id, user_uri));
CREATE TABLE IF NOT EXISTS members (room_id TEXT NOT NULL, leaf INTEGER NOT NULL, client_uri TEXT NOT NULL,
  PRIMARY KEY (room_id, leaf));
CREATE TABLE IF NOT EXISTS pending_proposals (
  room_id TEXT NOT NULL, ref BLOB NOT NULL, epoch INTEGER NOT NULL, message BLOB NOT NULL, accepted_ts INTEGER NOT NULL,
  PRIMARY KEY (room_id, ref));
CREATE TABLE IF NOT EXISTS log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, kind TEXT NOT NULL, epoch INTEGER NOT NULL,
  accepted_ts INTEGER NOT NULL, fanout BLOB NOT NULL, leaked_sender TEXT);
CREATE TABLE IF NOT EXISTS outbox (
  log_seq INTEGER NOT NULL, domain TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (log_seq, domain));
CREATE TABLE IF NOT EXISTS notify_seen (hash BLOB PRIMARY KEY, room_id TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, fanout BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS client_rooms (
  client_uri TEXT NOT NULL, room_id TEXT NOT NULL, state BLOB NOT NULL, next_inbox INTEGER NOT NULL,
  PRIMARY KEY (client_uri, room_id));
CREATE TABLE IF NOT EXISTS received (
  id INTEGER PRIMARY KEY AUTOINCREMENT, client_uri TEXT NOT NULL, room_id TEXT NOT NULL, inbox_seq INTEGER NOT NULL,
  kind TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sent (hash BLOB PRIMARY KEY, client_uri TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sent_content (hash BLOB PRIMARY KEY, content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS room_history (
  client_uri TEXT NOT NULL, room_id TEXT NOT NULL, message_id TEXT NOT NULL, inbox_seq INTEGER NOT NULL,
  sender TEXT NOT NULL, accepted_at INTEGER NOT NULL, content BLOB NOT NULL,
  PRIMARY KEY (client_uri, room_id, message_id));
CREATE TABLE IF NOT EXISTS assets (id TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS consent (
  id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL, requester TEXT NOT NULL, target TEXT NOT NULL,
  room_id TEXT, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS abuse_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, reporter TEXT NOT NULL, abuser TEXT NOT NULL,
  note BLOB NOT NULL, messages INTEGER NOT NULL, at INTEGER NOT NULL);
`

export type Db = Database.Database

export function openStore(path: string): Db {
  mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = NORMAL")
  db.pragma("foreign_keys = ON")
  db.pragma("busy_timeout = 5000")
  db.exec(SCHEMA)
  return db
}

export const u8 = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

/** A value in `meta`, created by `make` on first use (the provider's long-term keys). */
export function metaValue(db: Db, key: string, make: () => Uint8Array): Uint8Array {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: Buffer } | undefined
  if (row) return u8(row.value)
  const value = make()
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(key, value)
  return value
}
