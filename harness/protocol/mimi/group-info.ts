import { readHpkeCiphertext, writeHpkeCiphertext, type HpkeCiphertext } from "../mls/codec/commit.ts"
import { readCredential, writeCredential, type Credential } from "../mls/codec/credential.ts"
import { readExternalSender, writeExternalSender, type ExternalSender } from "../mls/codec/extension-bodies.ts"
import { readGroupInfo, writeGroupInfo, type GroupInfo } from "../mls/codec/group-info.ts"
import { readMlsMessage, writeMlsMessage, type MlsMessage } from "../mls/codec/mls-message.ts"
import { codec, decode, encode, Writer, type Reader } from "../tls-syntax/index.ts"
import { readProtocol, writeEnum, writeProtocol, type Protocol } from "./common.ts"
import { readRatchetTreeOption, writeRatchetTreeOption, type RatchetTreeOption } from "./tree-options.ts"

/**
 * -06 §5.6 GroupInfoRequestTBS / GroupInfoRequest. The TBS declares `optional opaque joiningCode<V>`
 * and the request `opaque joiningCode<V>`; the suite uses optional<opaque<V>> in both so that the TBS
 * is the request without its signature (as for every other signed MIMI struct).
 */
export interface GroupInfoRequestTbs {
  protocol: Protocol
  cipherSuite: number
  requestingSignatureKey: Uint8Array
  requestingCredential: Credential
  groupInfoPublicKey: Uint8Array
  joiningCode?: Uint8Array
}

export interface GroupInfoRequest extends GroupInfoRequestTbs {
  signature: Uint8Array
}

function readTbs(r: Reader): GroupInfoRequestTbs {
  const head = {
    protocol: readProtocol(r),
    cipherSuite: r.u16("cipher_suite"),
    requestingSignatureKey: r.opaque("requestingSignatureKey"),
    requestingCredential: r.struct("requestingCredential", readCredential),
    groupInfoPublicKey: r.opaque("groupInfoPublicKey"),
  }
  const joiningCode = r.optional("joiningCode", (r) => r.opaque("joiningCode"))
  return joiningCode === undefined ? head : { ...head, joiningCode }
}

function writeTbs(w: Writer, v: GroupInfoRequestTbs): void {
  writeProtocol(w, v.protocol)
  w.u16(v.cipherSuite)
  w.opaque(v.requestingSignatureKey)
  writeCredential(w, v.requestingCredential)
  w.opaque(v.groupInfoPublicKey)
  w.optional(v.joiningCode, (w, c) => w.opaque(c))
}

export function encodeGroupInfoRequestTbs(v: GroupInfoRequestTbs): Uint8Array {
  const w = new Writer()
  writeTbs(w, v)
  return w.finish()
}

export const groupInfoRequestCodec = codec<GroupInfoRequest>("GroupInfoRequest",
  (r) => ({ ...readTbs(r), signature: r.opaque("signature") }),
  (w, v) => {
    writeTbs(w, v)
    w.opaque(v.signature)
  })

/** §5.6 PendingProposal and GroupInfoRatchetTreeTBE (the plaintext of encrypted_groupinfo_and_tree). */
export interface PendingProposal {
  proposal: MlsMessage
  hubAcceptedTime: bigint
}

export interface GroupInfoRatchetTreeTbe {
  groupInfo: GroupInfo
  ratchetTreeOption: RatchetTreeOption
  pendingProposals: PendingProposal[]
}

export const groupInfoRatchetTreeTbeCodec = codec<GroupInfoRatchetTreeTbe>("GroupInfoRatchetTreeTBE",
  (r) => ({
    groupInfo: r.struct("groupInfo", readGroupInfo),
    ratchetTreeOption: r.struct("ratchetTreeOption", readRatchetTreeOption),
    pendingProposals: r.vector("pending_proposals", (r) => ({
      proposal: r.struct("proposal", readMlsMessage),
      hubAcceptedTime: r.u64("hub_accepted_time"),
    })),
  }),
  (w, v) => {
    writeGroupInfo(w, v.groupInfo)
    writeRatchetTreeOption(w, v.ratchetTreeOption)
    w.vector(v.pendingProposals, (w, p) => {
      writeMlsMessage(w, p.proposal)
      w.u64(p.hubAcceptedTime)
    })
  })

export const GROUP_INFO_CODES = [undefined, "success", "notAuthorized", "noSuchRoom"] as const

/**
 * §5.6 GroupInfoResponse. `Protocol version` is selected on as `protocol`: the same first byte.
 * GroupInfoResponseTBS is the response without its signature (for success).
 */
export type GroupInfoResponseTbs = { protocol: Protocol; roomId: Uint8Array } & (
  | { status: "success"; cipherSuite: number; hubSender: ExternalSender; encryptedGroupInfoAndTree: HpkeCiphertext }
  | { status: "notAuthorized" | "noSuchRoom" }
)
export type GroupInfoResponse = GroupInfoResponseTbs & { signature?: Uint8Array }

function readResponse(r: Reader, signed: boolean): GroupInfoResponse {
  const protocol = readProtocol(r, "version")
  const roomId = r.opaque("room_id")
  const status = r.enum("status", 1, GROUP_INFO_CODES)
  if (status !== "success") return { protocol, roomId, status }
  const body = {
    protocol, roomId, status,
    cipherSuite: r.u16("cipher_suite"),
    hubSender: r.struct("hub_sender", readExternalSender),
    encryptedGroupInfoAndTree: r.struct("encrypted_groupinfo_and_tree", readHpkeCiphertext),
  }
  return signed ? { ...body, signature: r.opaque("signature") } : body
}

function writeResponse(w: Writer, v: GroupInfoResponse, signed: boolean): void {
  writeProtocol(w, v.protocol)
  w.opaque(v.roomId)
  writeEnum(w, GROUP_INFO_CODES, v.status)
  if (v.status !== "success") return
  w.u16(v.cipherSuite)
  writeExternalSender(w, v.hubSender)
  writeHpkeCiphertext(w, v.encryptedGroupInfoAndTree)
  if (!signed) return
  if (v.signature === undefined) throw new RangeError("a success GroupInfoResponse needs its signature")
  w.opaque(v.signature)
}

export function encodeGroupInfoResponseTbs(v: GroupInfoResponseTbs): Uint8Array {
  const w = new Writer()
  writeResponse(w, v, false)
  return w.finish()
}

export const groupInfoResponseCodec = codec<GroupInfoResponse>("GroupInfoResponse", (r) => readResponse(r, true),
  (w, v) => writeResponse(w, v, true))

export const decodeGroupInfoRequest = (b: Uint8Array) => decode(groupInfoRequestCodec, b)
export const encodeGroupInfoRequest = (v: GroupInfoRequest) => encode(groupInfoRequestCodec, v)
export const decodeGroupInfoResponse = (b: Uint8Array) => decode(groupInfoResponseCodec, b)
export const encodeGroupInfoResponse = (v: GroupInfoResponse) => encode(groupInfoResponseCodec, v)
export const decodeGroupInfoRatchetTreeTbe = (b: Uint8Array) => decode(groupInfoRatchetTreeTbeCodec, b)
export const encodeGroupInfoRatchetTreeTbe = (v: GroupInfoRatchetTreeTbe) => encode(groupInfoRatchetTreeTbeCodec, v)
