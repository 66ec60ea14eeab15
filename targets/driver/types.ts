/**
 * The driver API, version 1: the test-control interface a target offers so the suite can make its
 * users act and see what they saw (DESIGN.md "Targets"). JSON over HTTPS with mutual TLS:
 * `POST <base>/driver/v1/<operation>` with a JSON body, `GET <base>/driver/v1/info`. Success is
 * 200 with the response object; a refused action is 4xx with `DriverError`.
 */
export const DRIVER_API_VERSION = "1.0"

/** Byte strings are lowercase hex unless the field says base64. */
export type Hex = string

export interface DriverInfo {
  driverVersion: string
  /** The provider domain this driver controls. */
  provider: string
  roles: ("hub" | "follower")[]
  cipherSuites: number[]
  /** Seeded faults switched on (reference provider only; empty elsewhere). */
  faults: string[]
}

export interface DriverError { error: { code: string; message: string } }

/** An uploaded, encrypted attachment: the ExternalPart fields of content-08 §4.5. */
export interface AttachmentRef {
  url: string
  contentType: string
  filename: string
  description: string
  size: number
  expires: number
  encAlg: number
  key: Hex
  nonce: Hex
  aad: Hex
  hashAlg: number
  contentHash: Hex
}

/**
 * A room's asset policy (room-policy-03 §6.4 AssetPolicy, size and media-type fields): limits in
 * octets of the encrypted asset per kind (image/, audio/, video/ media types, anything else), absent
 * meaning no limit; `permittedMediaTypes`, when present, lists the only media types allowed.
 */
export interface AssetPolicy {
  maxImage?: number
  maxAudio?: number
  maxVideo?: number
  maxAttachment?: number
  forbiddenMediaTypes?: string[]
  permittedMediaTypes?: string[]
}

/** An abuse report the hub accepted and stored. */
export interface StoredAbuseReport { reportingUser: string; allegedAbuserUri: string; messages: number; note: string }

export interface CommitOutcome { epoch: number; acceptedTimestamp: number }

/**
 * What an accepted message did to the room as the client shows it (content-08 §5.5–5.7):
 * `unknown-target` is a replacement of a message the client has not seen.
 */
export type MessageEffect =
  | "posted" | "replied" | "edited" | "deleted" | "reacted" | "reaction-changed" | "unreacted" | "unknown-target"

/** Something a client received, in delivery order. `kind` says which fields are present. */
export interface ReceivedItem {
  kind:
    | "joined" | "join-failed" | "commit" | "proposal" | "removed" | "rejected" | "message" | "undecryptable"
    | "malformed-content"
  room: string
  /** Hub acceptance time (ms) of what was delivered. */
  timestamp?: number
  epoch?: number
  messageId?: Hex
  /** For `message`: its effect on the room. Absent from targets that do not report it. */
  effect?: MessageEffect
  senderUri?: string
  roomUri?: string
  text?: string
  attachments?: { url: string; contentType: string; filename: string; size: number }[]
  /** The MIMI content bytes as decrypted. */
  content?: Hex
  frank?: { verified: boolean; serverFrank: Hex; cipherSuite: number; signature: Hex }
  /** For `malformed-content`, the requirement ID the content breaks; otherwise a free-text reason. */
  reason?: string
  /** Why, in words (`malformed-content`). */
  detail?: string
}

/** Request and response of every operation. */
export interface DriverOperations {
  createUser: { req: { name: string; displayName?: string }; res: { user: string } }
  createClient: { req: { user: string; device: string; keyPackages?: number }; res: { client: string } }
  publishKeyPackages: { req: { client: string; count: number; expired?: boolean }; res: { published: number } }
  createRoom: { req: { client: string; name: string; assetPolicy?: AssetPolicy }; res: { room: string } }
  addParticipant: { req: { client: string; room: string; user: string }; res: CommitOutcome & { clients: number } }
  /** With `ban`, the user stays in the participant list with the banned role instead of leaving it. */
  removeParticipant: {
    req: { client: string; room: string; user: string; ban?: boolean }; res: CommitOutcome & { clients: number }
  }
  addDevice: { req: { client: string; room: string }; res: CommitOutcome }
  /** Self-leave by proposals (Removes of all the user's clients plus the participant-list change). */
  leaveRoom: { req: { client: string; room: string }; res: { acceptedTimestamp: number } }
  /** Commits the proposals the client holds and nothing else. */
  commitPending: { req: { client: string; room: string }; res: CommitOutcome }
  sendMessage: {
    req: { client: string; room: string; text?: string; attachment?: AttachmentRef }
    res: { status: "accepted" | "notAllowed" | "epochTooOld"; messageId: Hex; acceptedTimestamp?: number;
      frank?: { serverFrank: Hex; cipherSuite: number; signature: Hex } }
  }
  received: {
    req: { client: string; room?: string; after?: number }
    res: { items: (ReceivedItem & { seq: number })[] }
  }
  uploadAttachment: {
    /** With `room`, the upload is checked against the room's asset policy. */
    req: { client: string; dataBase64: string; contentType: string; filename: string; room?: string }
    res: { attachment: AttachmentRef }
  }
  /** What the asset store holds that the client uploaded. */
  assets: { req: { client: string }; res: { assets: { url: string; contentType: string; size: number }[] } }
  downloadAttachment: { req: { client: string; messageId: Hex }; res: { dataBase64: string } }
  reportAbuse: {
    req: { client: string; room: string; messageIds: Hex[]; note: string }
    res: { status: number; reason: string }
  }
  /** The abuse reports the hub stored for a room it hosts, oldest first. */
  abuseReports: { req: { room: string }; res: { reports: StoredAbuseReport[] } }
  /** Waits until every accepted message has been fanned out and delivered to local clients. */
  settle: { req: { timeoutMs?: number }; res: { settled: boolean } }
}

export type DriverOperation = keyof DriverOperations
export const DRIVER_OPERATIONS = [
  "createUser", "createClient", "publishKeyPackages", "createRoom", "addParticipant", "removeParticipant", "addDevice",
  "leaveRoom", "commitPending",
  "sendMessage", "received", "uploadAttachment", "downloadAttachment", "reportAbuse", "settle",
  "assets", "abuseReports",
] as const satisfies readonly DriverOperation[]
