import type { ExternalSender } from "../mls/codec/extension-bodies.ts"
import { ExtensionType } from "../mls/codec/enums.ts"
import type { CipherSuite } from "../mls/crypto/ciphersuite.ts"
import { decryptWithLabel, encryptWithLabel, signWithLabel, verifyWithLabel } from "../mls/crypto/labeled.ts"
import { formatDecodeError } from "../tls-syntax/index.ts"
import {
  decodeGroupInfoRatchetTreeTbe, encodeGroupInfoRatchetTreeTbe, encodeGroupInfoRequestTbs, encodeGroupInfoResponseTbs,
  type GroupInfoRatchetTreeTbe, type GroupInfoRequest, type GroupInfoRequestTbs, type GroupInfoResponse,
} from "./group-info.ts"

/** Labels of -06 §5.6. */
export const GroupInfoLabel = {
  request: "GroupInfoRequestTBS",
  response: "GroupInfoResponseTBS",
  encryption: "GroupInfo and ratchet_tree encryption",
} as const

export type GroupInfoRule =
  | "mimi.group-info.request-signature-verified"
  | "mimi.group-info.signed-by-hub"
  | "mimi.group-info.encrypted-to-requester"
  | "mimi.group-info.tree-not-embedded"

export type GroupInfoOutcome =
  | { ok: true; value: GroupInfoRatchetTreeTbe }
  | { ok: false; rule: GroupInfoRule; detail: string }

export function signGroupInfoRequest(
  suite: CipherSuite, privateKey: Uint8Array, tbs: GroupInfoRequestTbs,
): GroupInfoRequest {
  const signature = signWithLabel(suite, privateKey, GroupInfoLabel.request, encodeGroupInfoRequestTbs(tbs))
  return { ...tbs, signature }
}

/** The hub's check of a request: the signature under requestingSignatureKey with the request's suite. */
export function verifyGroupInfoRequest(suite: CipherSuite, v: GroupInfoRequest): boolean {
  return suite.id === v.cipherSuite &&
    verifyWithLabel(suite, v.requestingSignatureKey, GroupInfoLabel.request, encodeGroupInfoRequestTbs(v), v.signature)
}

/** The hub's success response: TBE encrypted to groupInfoPublicKey with room_id as context, then signed. */
export function sealGroupInfoResponse(
  suite: CipherSuite, hubSignatureKey: Uint8Array, hubSender: ExternalSender, roomId: Uint8Array,
  groupInfoPublicKey: Uint8Array, tbe: GroupInfoRatchetTreeTbe,
): GroupInfoResponse | undefined {
  const plaintext = encodeGroupInfoRatchetTreeTbe(tbe)
  const sealed = encryptWithLabel(suite, groupInfoPublicKey, GroupInfoLabel.encryption, roomId, plaintext)
  if (sealed === undefined) return undefined
  const tbs = { protocol: "mls10" as const, roomId, status: "success" as const, cipherSuite: suite.id, hubSender,
    encryptedGroupInfoAndTree: sealed }
  const signature = signWithLabel(suite, hubSignatureKey, GroupInfoLabel.response, encodeGroupInfoResponseTbs(tbs))
  return { ...tbs, signature }
}

/**
 * The requester's checks of a success response (§5.6): the hub's signature, decryption with the
 * private key of groupInfoPublicKey, and a GroupInfo without an embedded ratchet_tree.
 * `hubSenders` are the keys the requester trusts for the hub (the group's external_senders).
 */
export function openGroupInfoResponse(
  suite: CipherSuite, groupInfoPrivateKey: Uint8Array, v: GroupInfoResponse, hubSenders: readonly Uint8Array[],
): GroupInfoOutcome {
  if (v.status !== "success") return { ok: false, rule: "mimi.group-info.signed-by-hub", detail: `status ${v.status}` }
  const key = v.hubSender.signatureKey
  const trusted = hubSenders.some((k) => Buffer.from(k).equals(Buffer.from(key)))
  const signed = v.signature !== undefined && v.cipherSuite === suite.id &&
    verifyWithLabel(suite, key, GroupInfoLabel.response, encodeGroupInfoResponseTbs(v), v.signature)
  if (!trusted || !signed) {
    const detail = trusted ? "signature does not verify under hub_sender" : "hub_sender is not one of the hub's keys"
    return { ok: false, rule: "mimi.group-info.signed-by-hub", detail }
  }
  const ct = v.encryptedGroupInfoAndTree
  const plain = decryptWithLabel(suite, groupInfoPrivateKey, GroupInfoLabel.encryption, v.roomId, ct.kemOutput,
    ct.ciphertext)
  const sealedRule = "mimi.group-info.encrypted-to-requester"
  if (plain === undefined) return { ok: false, rule: sealedRule, detail: "HPKE open failed" }
  const tbe = decodeGroupInfoRatchetTreeTbe(plain)
  if (!tbe.ok) return { ok: false, rule: sealedRule, detail: formatDecodeError(tbe.error) }
  if (tbe.value.groupInfo.extensions.some((e) => e.extensionType === ExtensionType.ratchet_tree)) {
    const detail = "GroupInfo carries a ratchet_tree extension"
    return { ok: false, rule: "mimi.group-info.tree-not-embedded", detail }
  }
  return tbe
}
