import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import { readAppDataDictionary, readUri, writeAppDataDictionary, writeUri, type ComponentData } from "./common.ts"
import { readFrank, writeFrank } from "./franking-structs.ts"
import type { ReportedMessage } from "./franking-verify.ts"

/** -06 §5.9 AbusiveMessage: message_content, its Frank and accepted_timestamp. */
export type AbusiveMessage = ReportedMessage

/**
 * §5.9 AbuseReport. `enum { reserved(0), (255) } AbuseType` has no defined value yet, so reasonCode
 * is kept as the raw byte (0 included): refusing every report for its reason would make the
 * endpoint unusable. `note` is opaque UTF-8 and may be empty.
 */
export interface AbuseReport {
  reportingUser: string
  allegedAbuserUri: string
  reasonCode: number
  note: Uint8Array
  messages: AbusiveMessage[]
  abuseExtensions: ComponentData[]
}

function readAbusiveMessage(r: Reader): AbusiveMessage {
  return {
    messageContent: r.opaque("message_content"),
    frank: r.struct("frank", readFrank),
    acceptedTimestamp: r.u64("accepted_timestamp"),
  }
}

function writeAbusiveMessage(w: Writer, v: AbusiveMessage): void {
  w.opaque(v.messageContent)
  writeFrank(w, v.frank)
  w.u64(v.acceptedTimestamp)
}

export const abuseReportCodec = codec<AbuseReport>("AbuseReport",
  (r) => ({
    reportingUser: readUri(r, "reportingUser"),
    allegedAbuserUri: readUri(r, "allegedAbuserUri"),
    reasonCode: r.u8("reasonCode"),
    note: r.opaque("note"),
    messages: r.vector("messages", readAbusiveMessage),
    abuseExtensions: readAppDataDictionary(r, "abuse_extensions"),
  }),
  (w, v) => {
    writeUri(w, v.reportingUser)
    writeUri(w, v.allegedAbuserUri)
    w.u8(v.reasonCode)
    w.opaque(v.note)
    w.vector(v.messages, writeAbusiveMessage)
    writeAppDataDictionary(w, v.abuseExtensions)
  })

export const decodeAbuseReport = (b: Uint8Array) => decode(abuseReportCodec, b)
export const encodeAbuseReport = (v: AbuseReport) => encode(abuseReportCodec, v)
