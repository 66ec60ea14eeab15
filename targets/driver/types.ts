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
  createRoom: { req: { client: string; name: string }; res: { room: string } }
  addParticipant: { req: { client: string; room: string; user: string }; res: CommitOutcome & { clients: number } }
  removeParticipant: { req: { client: string; room: string; user: string }; res: CommitOutcome & { clients: number } }
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
    req: { client: string; dataBase64: string; contentType: string; filename: string }
    res: { attachment: AttachmentRef }
  }
  downloadAttachment: { req: { client: string; messageId: Hex }; res: { dataBase64: string } }
  reportAbuse: {
    req: { client: string; room: string; messageIds: Hex[]; note: string }
    res: { status: number; reason: string }
  }
  /** Waits until every accepted message has been fanned out and delivered to local clients. */
  settle: { req: { timeoutMs?: number }; res: { settled: boolean } }
}

export type DriverOperation = keyof DriverOperations
export const DRIVER_OPERATIONS = [
  "createUser", "createClient", "publishKeyPackages", "createRoom", "addParticipant", "removeParticipant", "addDevice",
  "leaveRoom", "commitPending",
  "sendMessage", "received", "uploadAttachment", "downloadAttachment", "reportAbuse", "settle",
] as const satisfies readonly DriverOperation[]
