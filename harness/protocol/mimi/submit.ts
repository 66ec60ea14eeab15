import { readMlsMessage, writeMlsMessage, type MlsMessage } from "../mls/codec/mls-message.ts"
import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import { readProtocol, readUri, writeEnum, writeProtocol, writeUri, type Protocol } from "./common.ts"
import { readFrank, writeFrank, type Frank } from "./franking-structs.ts"

/**
 * -06 §5.4 SubmitMessageRequest (`IdentifierURI` is the draft's typo for IdentifierUri). appMessage
 * must be a PrivateMessage with content_type application; anything else is E_VALUE_INVALID.
 */
export interface SubmitMessageRequest {
  protocol: Protocol
  appMessage: MlsMessage
  sendingUri: string
}

function readAppMessage(r: Reader): MlsMessage {
  const start = r.pos
  const m = r.struct("appMessage", readMlsMessage)
  if (m.wireFormat !== "mls_private_message" || m.privateMessage.contentType !== "application") {
    const got = m.wireFormat === "mls_private_message"
      ? `PrivateMessage with ${m.privateMessage.contentType}`
      : m.wireFormat
    r.fail("E_VALUE_INVALID", "appMessage", "a PrivateMessage with content_type application", got, start)
  }
  return m
}

export const submitMessageRequestCodec = codec<SubmitMessageRequest>("SubmitMessageRequest",
  (r) => ({ protocol: readProtocol(r), appMessage: readAppMessage(r), sendingUri: readUri(r, "sendingUri") }),
  (w, v) => {
    writeProtocol(w, v.protocol)
    writeMlsMessage(w, v.appMessage)
    writeUri(w, v.sendingUri)
  })

/**
 * SubmitResponseCode defines `accepted(0)` but the response selects on `case success`: the suite
 * reads value 0 as accepted (= success). `optional Frank frank` is read as optional<Frank>.
 */
export const SUBMIT_RESPONSE_CODES = ["accepted", "notAllowed", "epochTooOld"] as const

export type SubmitMessageResponse = { protocol: Protocol } & (
  | { statusCode: "accepted"; acceptedTimestamp: bigint; frank?: Frank }
  | { statusCode: "notAllowed" }
  | { statusCode: "epochTooOld"; currentEpoch: bigint }
)

function readSubmitMessageResponse(r: Reader): SubmitMessageResponse {
  const protocol = readProtocol(r)
  const statusCode = r.enum("statusCode", 1, SUBMIT_RESPONSE_CODES)
  switch (statusCode) {
    case "accepted": {
      const acceptedTimestamp = r.u64("accepted_timestamp")
      const frank = r.optional("frank", readFrank)
      return frank === undefined
        ? { protocol, statusCode, acceptedTimestamp }
        : { protocol, statusCode, acceptedTimestamp, frank }
    }
    case "notAllowed": return { protocol, statusCode }
    case "epochTooOld": return { protocol, statusCode, currentEpoch: r.u64("currentEpoch") }
  }
}

function writeSubmitMessageResponse(w: Writer, v: SubmitMessageResponse): void {
  writeProtocol(w, v.protocol)
  writeEnum(w, SUBMIT_RESPONSE_CODES, v.statusCode)
  if (v.statusCode === "accepted") {
    w.u64(v.acceptedTimestamp)
    w.optional(v.frank, writeFrank)
  } else if (v.statusCode === "epochTooOld") w.u64(v.currentEpoch)
}

export const submitMessageResponseCodec = codec("SubmitMessageResponse", readSubmitMessageResponse,
  writeSubmitMessageResponse)
export const decodeSubmitMessageRequest = (b: Uint8Array) => decode(submitMessageRequestCodec, b)
export const encodeSubmitMessageRequest = (v: SubmitMessageRequest) => encode(submitMessageRequestCodec, v)
export const decodeSubmitMessageResponse = (b: Uint8Array) => decode(submitMessageResponseCodec, b)
export const encodeSubmitMessageResponse = (v: SubmitMessageResponse) => encode(submitMessageResponseCodec, v)
