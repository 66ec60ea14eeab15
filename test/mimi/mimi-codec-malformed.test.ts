import { describe, expect, it } from "vitest"
import { encodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { decode, encode, type Codec, type DecodeError } from "../../harness/protocol/tls-syntax/index.ts"
import { decodeAbuseReport } from "../../harness/protocol/mimi/abuse.ts"
import { decodeSafeAad, safeAadCodec } from "../../harness/protocol/mimi/common.ts"
import { consentEntryCodec } from "../../harness/protocol/mimi/consent.ts"
import { fanoutMessageCodec } from "../../harness/protocol/mimi/fanout.ts"
import { decodeFrank, decodeFrankingTag, encodeFrankedAad } from "../../harness/protocol/mimi/franking-structs.ts"
import { groupInfoResponseCodec } from "../../harness/protocol/mimi/group-info.ts"
import { keyMaterialRequestCodec, keyMaterialResponseCodec } from "../../harness/protocol/mimi/key-material.ts"
import { appDataUpdateCodec } from "../../harness/protocol/mimi/room-state.ts"
import { submitMessageRequestCodec, submitMessageResponseCodec } from "../../harness/protocol/mimi/submit.ts"
import { decodeGroupInfoOption, decodeRatchetTreeOption } from "../../harness/protocol/mimi/tree-options.ts"
import { updateRequestCodec, updateRoomResponseCodec } from "../../harness/protocol/mimi/update.ts"
import { applicationMessage, commitMessage, keyPackage, proposalMessage } from "./mimi-codec-fixtures.ts"
import { samples } from "./mimi-codec-samples.ts"

const sampleBytes = (name: string): Uint8Array => {
  const s = samples.find((x) => x.name === name)!
  return encode(s.codec, s.value)
}

/** Decodes and returns the error fields the tests compare. */
type Located = Pick<DecodeError, "code" | "fieldPath" | "offset">

function errorOf<T>(codec: Codec<T>, bytes: Uint8Array): Located | "decoded" {
  const r = decode(codec, bytes)
  return r.ok ? "decoded" : { code: r.error.code, fieldPath: r.error.fieldPath, offset: r.error.offset }
}

const patch = (bytes: Uint8Array, at: number, ...values: number[]) => {
  const out = Uint8Array.from(bytes)
  out.set(values, at)
  return out
}
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]))
const uri = (s: string) => cat([s.length], Buffer.from(s))

describe("malformed MIMI bodies are typed errors with field path and offset", () => {
  it("unknown Protocol", () => {
    expect(errorOf(keyMaterialRequestCodec, patch(sampleBytes("KeyMaterialRequest"), 0, 2)))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "KeyMaterialRequest.protocol", offset: 0 })
  })

  it("unknown KeyMaterialUserCode and KeyMaterialClientCode", () => {
    const bytes = sampleBytes("KeyMaterialResponse")
    expect(errorOf(keyMaterialResponseCodec, patch(bytes, 1, 8)))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "KeyMaterialResponse.userStatus", offset: 1 })
    const clients = 2 + 1 + "mimi://b.example/u/bob".length + 2 // protocol, code, uri, 2-byte vector length
    expect(errorOf(keyMaterialResponseCodec, patch(bytes, clients, 3)))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "KeyMaterialResponse.clients[0].clientStatus", offset: clients })
  })

  it("a presence byte other than 0 or 1", () => {
    const body = cat([1, 0], uri("mimi://b.example/u/bob"), [1 + 1 + 8 + 1], [2], uri("mimi://b"), [2])
    expect(errorOf(keyMaterialResponseCodec, body)).toMatchObject({
      code: "E_PRESENCE_BYTE", fieldPath: "KeyMaterialResponse.clients[0].clientCapabilities", offset: body.length - 1,
    })
  })

  it("a URI that is not UTF-8, and a non-minimal varint length", () => {
    const bytes = sampleBytes("KeyMaterialRequest")
    expect(errorOf(keyMaterialRequestCodec, patch(bytes, 2, 0xff)))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "KeyMaterialRequest.requestingUser.uri", offset: 1 })
    const nonMinimal = cat([1, 0x40, 1, 0x61])
    expect(errorOf(keyMaterialRequestCodec, nonMinimal))
      .toMatchObject({ code: "E_VARINT_NON_MINIMAL", fieldPath: "KeyMaterialRequest.requestingUser.uri", offset: 1 })
  })

  it("an UpdateRequest whose handshake message is not a PublicMessage proposal or commit", () => {
    expect(errorOf(updateRequestCodec, encodeMlsMessage(applicationMessage)))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "UpdateRequest.proposalOrCommit", offset: 0 })
    const p = encodeMlsMessage(proposalMessage)
    const c = encodeMlsMessage(commitMessage)
    const more = cat(p, [0x40 | ((p.length + c.length) >> 8), (p.length + c.length) & 0xff], p, c)
    const second = { fieldPath: "UpdateRequest.moreProposals[1].proposal", offset: 2 + 2 * p.length }
    expect(errorOf(updateRequestCodec, more)).toEqual({ code: "E_VALUE_INVALID", ...second })
  })

  it("a SubmitMessageRequest whose appMessage is not a PrivateMessage application message", () => {
    expect(errorOf(submitMessageRequestCodec, cat([1], encodeMlsMessage(commitMessage), uri("x"))))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "SubmitMessageRequest.appMessage", offset: 1 })
  })

  it("unknown response codes", () => {
    expect(errorOf(submitMessageResponseCodec, cat([1, 3])))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "SubmitMessageResponse.statusCode", offset: 1 })
    expect(errorOf(updateRoomResponseCodec, cat([4, 0])))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "UpdateRoomResponse.responseCode", offset: 0 })
    expect(errorOf(groupInfoResponseCodec, cat([1, 0, 0])))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "GroupInfoResponse.status", offset: 2 })
    expect(errorOf(consentEntryCodec, cat([4])))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "ConsentEntry.consentOperation", offset: 0 })
    expect(errorOf(appDataUpdateCodec, cat([0, 0x22, 0])))
      .toEqual({ code: "E_ENUM_UNKNOWN", fieldPath: "AppDataUpdate.op", offset: 2 })
  })

  it("an errorDescription that is not UTF-8", () => {
    expect(errorOf(updateRoomResponseCodec, cat([2, 1, 0xc3])))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "UpdateRoomResponse.errorDescription", offset: 1 })
  })

  it("a FanoutMessage carrying a KeyPackage", () => {
    const kp = encodeMlsMessage({ version: 1, wireFormat: "mls_key_package", keyPackage })
    expect(errorOf(fanoutMessageCodec, cat(new Uint8Array(8), kp)))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "FanoutMessage.message", offset: 8 })
  })

  it("reserved representations of GroupInfoOption and RatchetTreeOption", () => {
    const gi = decodeGroupInfoOption(cat([0]))
    expect(gi.ok || [gi.error.code, gi.error.fieldPath]).toEqual(["E_ENUM_UNKNOWN", "GroupInfoOption.representation"])
    const rt = decodeRatchetTreeOption(cat([5]))
    expect(rt.ok || [rt.error.code, rt.error.fieldPath]).toEqual(["E_ENUM_UNKNOWN", "RatchetTreeOption.representation"])
  })

  it("a Frank with a short server_frank", () => {
    const r = decodeFrank(new Uint8Array(31))
    expect(r.ok || [r.error.code, r.error.fieldPath, r.error.offset]).toEqual(["E_TRUNCATED", "Frank.server_frank", 0])
  })

  it("unsorted or repeated component IDs in SafeAAD and AppDataDictionary", () => {
    const unsorted = cat([8], [0, 0x21, 1, 0], [0, 0x20, 1, 0])
    expect(errorOf(safeAadCodec, unsorted))
      .toEqual({ code: "E_VALUE_INVALID", fieldPath: "SafeAAD.aad_items[1].component_id", offset: 5 })
    const repeated = decodeSafeAad(cat([8], [0, 0x20, 1, 0], [0, 0x20, 1, 0]))
    expect(repeated.ok || repeated.error.code).toBe("E_VALUE_INVALID")
    const report = sampleBytes("AbuseReport")
    const r = decodeAbuseReport(cat(report.subarray(0, report.length - 1), [8, 0, 2, 1, 0, 0, 1, 1, 0]))
    const at = "AbuseReport.abuse_extensions.component_data[1].component_id"
    expect(r.ok || [r.error.code, r.error.fieldPath]).toEqual(["E_VALUE_INVALID", at])
  })

  it("a frank_aad item that is not 32 bytes, and a SafeAAD without one", () => {
    const tag = new Uint8Array(32).fill(1)
    const ok = decodeFrankingTag(encodeFrankedAad(tag))
    expect(ok.ok && Buffer.from(ok.value!).equals(Buffer.from(tag))).toBe(true)
    const none = decodeFrankingTag(cat([0]))
    expect(none.ok && none.value).toBeUndefined()
    const short = decodeFrankingTag(cat([5], [0, 0x20, 2, 1, 1]))
    const at = "SafeAAD.aad_items[0].aad_item_data"
    const where = short.ok || [short.error.code, short.error.fieldPath, short.error.offset]
    expect(where).toEqual(["E_VALUE_INVALID", at, 3])
  })
})
