import { DRIVER_API_VERSION, DRIVER_OPERATIONS } from "./types.ts"

/**
 * JSON Schema (2020-12) of the driver API, version 1. `$defs` holds one `<operation>Request` and
 * `<operation>Response` per operation; the reference provider validates every request against it,
 * and `DriverClient` validates every response.
 */
const str = { type: "string" } as const
const int = { type: "integer", minimum: 0 } as const
const bool = { type: "boolean" } as const
const hex = { type: "string", pattern: "^([0-9a-f]{2})*$" } as const
const uri = { type: "string", pattern: "^mimi://" } as const
const list = (items: unknown) => ({ type: "array", items })

/** A closed object; every property is required except those named in `optional`. */
const obj = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: "object", properties, additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
})

const frank = obj({ serverFrank: hex, cipherSuite: int, signature: hex })
const attachment = obj({
  url: str, contentType: str, filename: str, description: str, size: int, expires: int, encAlg: int, key: hex,
  nonce: hex, aad: hex, hashAlg: int, contentHash: hex,
})
const assetPolicy = obj({
  maxImage: int, maxAudio: int, maxVideo: int, maxAttachment: int, forbiddenMediaTypes: list(str),
  permittedMediaTypes: list(str),
}, ["maxImage", "maxAudio", "maxVideo", "maxAttachment", "forbiddenMediaTypes", "permittedMediaTypes"])
const commit = { epoch: int, acceptedTimestamp: int }
const kinds = ["joined", "join-failed", "commit", "proposal", "removed", "rejected", "message", "undecryptable",
  "malformed-content"]
const effects = ["posted", "replied", "edited", "deleted", "reacted", "reaction-changed", "unreacted", "unknown-target"]
const item = {
  type: "object",
  properties: {
    seq: int, kind: { enum: kinds }, room: uri, timestamp: int, epoch: int, messageId: hex, senderUri: str,
    roomUri: str, text: str, content: hex, reason: str, detail: str, effect: { enum: effects },
    attachments: { type: "array" }, handshake: str,
    frank: { type: "object", properties: { verified: bool }, required: ["verified"] },
  },
  required: ["seq", "kind", "room"],
}
const inRoom = obj({ client: uri, room: uri })
const toUser = obj({ client: uri, room: uri, user: uri })

const operations: Record<(typeof DRIVER_OPERATIONS)[number], [unknown, unknown]> = {
  createUser: [obj({ name: str, displayName: str }, ["displayName"]), obj({ user: uri })],
  createClient: [obj({ user: uri, device: str, keyPackages: int }, ["keyPackages"]), obj({ client: uri })],
  publishKeyPackages: [obj({ client: uri, count: int, expired: bool }, ["expired"]), obj({ published: int })],
  createRoom: [obj({ client: uri, name: str, assetPolicy }, ["assetPolicy"]), obj({ room: uri })],
  addParticipant: [toUser, obj({ ...commit, clients: int })],
  removeParticipant: [obj({ client: uri, room: uri, user: uri, ban: bool }, ["ban"]), obj({ ...commit, clients: int })],
  addDevice: [inRoom, obj(commit)],
  leaveRoom: [inRoom, obj({ acceptedTimestamp: int })],
  commitPending: [inRoom, obj(commit)],
  sendMessage: [
    obj({ client: uri, room: uri, text: str, attachment }, ["text", "attachment"]),
    obj({ status: { enum: ["accepted", "notAllowed", "epochTooOld"] }, messageId: hex, acceptedTimestamp: int, frank },
      ["acceptedTimestamp", "frank"]),
  ],
  received: [obj({ client: uri, room: uri, after: int }, ["room", "after"]), obj({ items: list(item) })],
  uploadAttachment: [
    obj({ client: uri, dataBase64: str, contentType: str, filename: str, room: uri }, ["room"]), obj({ attachment }),
  ],
  assets: [obj({ client: uri }), obj({ assets: list(obj({ url: str, contentType: str, size: int })) })],
  downloadAttachment: [obj({ client: uri, messageId: hex }), obj({ dataBase64: str })],
  reportAbuse: [obj({ client: uri, room: uri, messageIds: list(hex), note: str }), obj({ status: int, reason: str })],
  settle: [obj({ timeoutMs: int }, ["timeoutMs"]), obj({ settled: bool })],
  abuseReports: [obj({ room: uri }), obj({ reports: list(obj({
    reportingUser: str, allegedAbuserUri: str, messages: int, note: str,
  })) })],
}

const defs: Record<string, unknown> = {
  info: obj({ driverVersion: str, provider: str, roles: list({ enum: ["hub", "follower"] }), cipherSuites: list(int),
    faults: list(str) }),
  error: obj({ error: obj({ code: str, message: str }) }),
}
for (const [op, [req, res]] of Object.entries(operations)) {
  defs[`${op}Request`] = req
  defs[`${op}Response`] = res
}

export const driverSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: `https://e2ee-conformance.invalid/schemas/driver/${DRIVER_API_VERSION}`,
  title: "e2ee-conformance driver API",
  version: DRIVER_API_VERSION,
  $defs: defs,
} as const
