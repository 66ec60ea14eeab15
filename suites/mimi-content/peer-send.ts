/**
 * Sends content bytes built by the suite from one of the suite's peer clients: encrypted with
 * ts-mls, the franking tag in the PrivateMessage AAD (-06 §5.4.1.1), submitted to the target hub.
 */
import { createApplicationMessage, encodeMlsMessage } from "ts-mls"
import type { Outcome } from "../../harness/engine/check.ts"
import { encodeFrankedAad } from "../../harness/protocol/mimi/franking-structs.ts"
import { computeFrankingTag } from "../../harness/protocol/mimi/franking.ts"
import type { SubmitMessageResponse } from "../../harness/protocol/mimi/submit.ts"
import { peerSuite, sha256, type Device } from "../../targets/mimi-http/device.ts"
import { submit, type Room } from "../mimi-protocol/rooms.ts"

export type Submitted = Outcome<SubmitMessageResponse | { status: number }>

/**
 * Encrypts `content` from `device` of the room's peer user as a framed PrivateMessage. `frankingTag`
 * defaults to HMAC_SHA256(salt, content); pass another to send a tag that does not match the content.
 */
export async function sealAsPeer(
  r: Room, device: Device, content: Uint8Array, salt: Uint8Array, frankingTag?: Uint8Array,
): Promise<Uint8Array> {
  const aad = encodeFrankedAad(frankingTag ?? computeFrankingTag(salt, content))
  const out = await createApplicationMessage(device.state(r.room), content, await peerSuite(), aad)
  device.adopt(r.room, out.newState)
  const privateMessage = out.privateMessage
  const bytes = encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage })
  device.sent.add(sha256(bytes))
  return bytes
}

/** Seals `content` (see sealAsPeer) and submits it to the hub. */
export async function sendAsPeer(
  r: Room, device: Device, content: Uint8Array, salt: Uint8Array, frankingTag?: Uint8Array,
): Promise<Submitted> {
  return submit(r, r.peerUser.uri, await sealAsPeer(r, device, content, salt, frankingTag))
}

/** "accepted", another status code, an HTTP status, or the transport problem. */
export function submitStatus(s: Submitted): string {
  if (!s.ok) return `${s.kind}: ${s.detail}`
  return "statusCode" in s.value ? s.value.statusCode : `HTTP ${s.value.status}`
}
