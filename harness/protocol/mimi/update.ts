import { readMlsMessage, writeMlsMessage, type MlsMessage } from "../mls/codec/mls-message.ts"
import { readWelcome, writeWelcome, type Welcome } from "../mls/codec/welcome.ts"
import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import { readString, writeEnum, writeString } from "./common.ts"
import {
  readGroupInfoOption, readRatchetTreeOption, writeGroupInfoOption, writeRatchetTreeOption, type GroupInfoOption,
  type RatchetTreeOption,
} from "./tree-options.ts"

/**
 * -06 §5.3 HandshakeBundle. The select is on `proposalOrCommit.content.content_type`, which only a
 * PublicMessage shows in the clear. SemiPrivateMessage has no RFC 9420 wire format value yet, so
 * the suite accepts a PublicMessage carrying a proposal or a commit and refuses anything else.
 */
export type HandshakeBundle =
  | { proposalOrCommit: MlsMessage; kind: "commit"; welcome?: Welcome; groupInfoOption: GroupInfoOption;
    ratchetTreeOption: RatchetTreeOption }
  | { proposalOrCommit: MlsMessage; kind: "proposal"; moreProposals: MlsMessage[] }

/** The content type of a handshake MLSMessage, or undefined when it is not a PublicMessage proposal/commit. */
export function handshakeKind(m: MlsMessage): "proposal" | "commit" | undefined {
  if (m.wireFormat !== "mls_public_message") return undefined
  const t = m.publicMessage.content.contentType
  return t === "proposal" || t === "commit" ? t : undefined
}

/** Reads one MLSMessage that must be a PublicMessage proposal or commit (or only `kind`, when given). */
export function readHandshakeMessage(r: Reader, field: string, kind?: "proposal"): MlsMessage {
  const start = r.pos
  const m = r.struct(field, readMlsMessage)
  const found = handshakeKind(m)
  if (found === undefined || (kind !== undefined && found !== kind)) {
    const got = m.wireFormat === "mls_public_message"
      ? `PublicMessage with ${m.publicMessage.content.contentType}`
      : m.wireFormat
    r.fail("E_VALUE_INVALID", field, `a PublicMessage carrying ${kind ?? "a proposal or commit"}`, got, start)
  }
  return m
}

/** `MLSMessage moreProposals<V>`: "a list of additional proposals", each a PublicMessage proposal. */
export const readProposalList = (r: Reader, field: string): MlsMessage[] =>
  r.vector(field, (r) => readHandshakeMessage(r, "proposal", "proposal"))

export function readHandshakeBundle(r: Reader): HandshakeBundle {
  const proposalOrCommit = readHandshakeMessage(r, "proposalOrCommit")
  if (handshakeKind(proposalOrCommit) === "proposal") {
    return { proposalOrCommit, kind: "proposal", moreProposals: readProposalList(r, "moreProposals") }
  }
  const welcome = r.optional("welcome", readWelcome)
  const groupInfoOption = r.struct("groupInfoOption", readGroupInfoOption)
  const ratchetTreeOption = r.struct("ratchetTreeOption", readRatchetTreeOption)
  return welcome === undefined
    ? { proposalOrCommit, kind: "commit", groupInfoOption, ratchetTreeOption }
    : { proposalOrCommit, kind: "commit", welcome, groupInfoOption, ratchetTreeOption }
}

export function writeHandshakeBundle(w: Writer, v: HandshakeBundle): void {
  if (handshakeKind(v.proposalOrCommit) !== v.kind) throw new RangeError(`proposalOrCommit is not a ${v.kind}`)
  writeMlsMessage(w, v.proposalOrCommit)
  if (v.kind === "proposal") return w.vector(v.moreProposals, writeMlsMessage)
  w.optional(v.welcome, writeWelcome)
  writeGroupInfoOption(w, v.groupInfoOption)
  writeRatchetTreeOption(w, v.ratchetTreeOption)
}

/**
 * UpdateRequest is `select (room.protocol) { case mls10: HandshakeBundle bundle; }`: the protocol
 * is the room's and is not on the wire, so an mls10 UpdateRequest is exactly a HandshakeBundle.
 */
export const updateRequestCodec = codec("UpdateRequest", readHandshakeBundle, writeHandshakeBundle)

/** §5.3 UpdateResponseCode and UpdateRoomResponse (`string` read as UTF-8 opaque<V>). */
export const UPDATE_RESPONSE_CODES = ["success", "wrongEpoch", "notAllowed", "invalidProposal"] as const

export type UpdateRoomResponse = { errorDescription: string } & (
  | { responseCode: "success"; acceptedTimestamp: bigint }
  | { responseCode: "wrongEpoch"; currentEpoch: bigint }
  | { responseCode: "notAllowed" }
  | { responseCode: "invalidProposal"; invalidProposals: Uint8Array[] }
)

function readUpdateRoomResponse(r: Reader): UpdateRoomResponse {
  const responseCode = r.enum("responseCode", 1, UPDATE_RESPONSE_CODES)
  const errorDescription = readString(r, "errorDescription")
  switch (responseCode) {
    case "success": return { responseCode, errorDescription, acceptedTimestamp: r.u64("accepted_timestamp") }
    case "wrongEpoch": return { responseCode, errorDescription, currentEpoch: r.u64("currentEpoch") }
    case "notAllowed": return { responseCode, errorDescription }
    case "invalidProposal": {
      const invalidProposals = r.vector("invalidProposals", (r) => r.opaque("ProposalRef"))
      return { responseCode, errorDescription, invalidProposals }
    }
  }
}

function writeUpdateRoomResponse(w: Writer, v: UpdateRoomResponse): void {
  writeEnum(w, UPDATE_RESPONSE_CODES, v.responseCode)
  writeString(w, v.errorDescription)
  if (v.responseCode === "success") w.u64(v.acceptedTimestamp)
  else if (v.responseCode === "wrongEpoch") w.u64(v.currentEpoch)
  else if (v.responseCode === "invalidProposal") w.vector(v.invalidProposals, (w, p) => w.opaque(p))
}

export const updateRoomResponseCodec = codec("UpdateRoomResponse", readUpdateRoomResponse, writeUpdateRoomResponse)
export const decodeUpdateRequest = (b: Uint8Array) => decode(updateRequestCodec, b)
export const encodeUpdateRequest = (v: HandshakeBundle) => encode(updateRequestCodec, v)
export const decodeUpdateRoomResponse = (b: Uint8Array) => decode(updateRoomResponseCodec, b)
export const encodeUpdateRoomResponse = (v: UpdateRoomResponse) => encode(updateRoomResponseCodec, v)
