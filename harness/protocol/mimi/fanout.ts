import { readMlsMessage, writeMlsMessage, type MlsMessage } from "../mls/codec/mls-message.ts"
import { codec, decode, decodeWith, encode, Writer, type Reader, type Result } from "../tls-syntax/index.ts"
import { readFrank, writeFrank, type Frank } from "./franking-structs.ts"
import { readRatchetTreeOption, writeRatchetTreeOption, type RatchetTreeOption } from "./tree-options.ts"
import { handshakeKind, readProposalList } from "./update.ts"

/**
 * -06 §5.5 FanoutMessage. The draft selects on `message.wire_format` with content-type names and has
 * no protocol field; the suite reads the protocol as the room's (mls10, not on the wire) and the cases
 * as: application = PrivateMessage (then optional<Frank>), welcome = Welcome (then RatchetTreeOption),
 * proposal / commit = PublicMessage with that content_type (then moreProposals / externalProposals).
 */
export type FanoutMessage = { timestamp: bigint; message: MlsMessage } & (
  | { kind: "application"; frank?: Frank }
  | { kind: "welcome"; ratchetTreeOption: RatchetTreeOption }
  | { kind: "proposal"; moreProposals: MlsMessage[] }
  | { kind: "commit"; externalProposals: MlsMessage[] }
)

export function readFanoutMessage(r: Reader): FanoutMessage {
  const timestamp = r.u64("timestamp")
  const start = r.pos
  const message = r.struct("message", readMlsMessage)
  if (message.wireFormat === "mls_private_message") {
    const frank = r.optional("frank", readFrank)
    return frank === undefined
      ? { timestamp, message, kind: "application" }
      : { timestamp, message, kind: "application", frank }
  }
  if (message.wireFormat === "mls_welcome") {
    const ratchetTreeOption = r.struct("ratchetTreeOption", readRatchetTreeOption)
    return { timestamp, message, kind: "welcome", ratchetTreeOption }
  }
  const kind = handshakeKind(message)
  if (kind === "proposal") return { timestamp, message, kind, moreProposals: readProposalList(r, "moreProposals") }
  if (kind === "commit") {
    return { timestamp, message, kind, externalProposals: readProposalList(r, "externalProposals") }
  }
  return r.fail("E_VALUE_INVALID", "message", "a PrivateMessage, a Welcome, or a PublicMessage proposal or commit",
    message.wireFormat, start)
}

export function writeFanoutMessage(w: Writer, v: FanoutMessage): void {
  w.u64(v.timestamp)
  writeMlsMessage(w, v.message)
  switch (v.kind) {
    case "application": return w.optional(v.frank, writeFrank)
    case "welcome": return writeRatchetTreeOption(w, v.ratchetTreeOption)
    case "proposal": return w.vector(v.moreProposals, writeMlsMessage)
    case "commit": return w.vector(v.externalProposals, writeMlsMessage)
  }
}

/** The KeyPackageRefs a Welcome is for (§5.5): it goes to exactly the providers that own them. */
export const welcomeKeyPackageRefs = (m: MlsMessage): Uint8Array[] =>
  m.wireFormat === "mls_welcome" ? m.welcome.secrets.map((s) => s.newMember) : []

export const fanoutMessageCodec = codec("FanoutMessage", readFanoutMessage, writeFanoutMessage)
export const decodeFanoutMessage = (b: Uint8Array) => decode(fanoutMessageCodec, b)
export const encodeFanoutMessage = (v: FanoutMessage) => encode(fanoutMessageCodec, v)

/**
 * A notify body: "multiple concatenated FanoutMessage objects relevant to the same room", with no
 * count or length prefix, so messages are read back to back until the body ends. An empty body is
 * refused (E_TRUNCATED): a notify carries at least one message.
 */
export function decodeNotifyBody(body: Uint8Array): Result<FanoutMessage[]> {
  return decodeWith("NotifyBody", body, (r) => {
    const out: FanoutMessage[] = []
    do out.push(r.struct(`FanoutMessage[${out.length}]`, readFanoutMessage))
    while (r.pos < r.end)
    return out
  })
}

export function encodeNotifyBody(messages: readonly FanoutMessage[]): Uint8Array {
  const w = new Writer()
  for (const m of messages) writeFanoutMessage(w, m)
  return w.finish()
}
