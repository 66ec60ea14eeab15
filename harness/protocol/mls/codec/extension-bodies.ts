import { codec, decode, decodeWith, encode, type Reader, type Result, type Writer } from "../../tls-syntax/index.ts"
import { readRequiredCapabilities, type RequiredCapabilities } from "./capabilities.ts"
import { readCredential, writeCredential, type Credential } from "./credential.ts"
import { ExtensionType } from "./enums.ts"
import type { Extension } from "./extension.ts"
import { readRatchetTree, type RatchetTree } from "./ratchet-tree.ts"

/** RFC 9420 §12.1.8.1 ExternalSender; the external_senders extension is `ExternalSender external_senders<V>`. */
export interface ExternalSender {
  signatureKey: Uint8Array
  credential: Credential
}

export function readExternalSender(r: Reader): ExternalSender {
  return { signatureKey: r.opaque("signature_key"), credential: r.struct("credential", readCredential) }
}

export function writeExternalSender(w: Writer, v: ExternalSender): void {
  w.opaque(v.signatureKey)
  writeCredential(w, v.credential)
}

export const externalSendersCodec = codec(
  "ExternalSenders",
  (r) => r.vector("external_senders", readExternalSender),
  (w, v: ExternalSender[]) => w.vector(v, writeExternalSender),
)
export const decodeExternalSenders = (b: Uint8Array) => decode(externalSendersCodec, b)
export const encodeExternalSenders = (v: ExternalSender[]) => encode(externalSendersCodec, v)

/** The body of an extension of a type this oracle knows, decoded; unknown types stay raw. */
export type KnownExtension =
  | { type: "application_id"; applicationId: Uint8Array }
  | { type: "ratchet_tree"; ratchetTree: RatchetTree }
  | { type: "required_capabilities"; requiredCapabilities: RequiredCapabilities }
  | { type: "external_pub"; externalPub: Uint8Array }
  | { type: "external_senders"; externalSenders: ExternalSender[] }
  | { type: "unknown"; extensionType: number; data: Uint8Array }

/**
 * Decodes `extension_data` according to `extension_type` (RFC 9420 §17.3 registry). Error offsets
 * count from the start of `extension_data`.
 */
export function decodeExtensionBody(ext: Extension): Result<KnownExtension> {
  const data = ext.extensionData
  switch (ext.extensionType) {
    case ExtensionType.application_id:
      return decodeWith("ApplicationId", data, (r) =>
        ({ type: "application_id", applicationId: r.opaque("application_id") }))
    case ExtensionType.ratchet_tree:
      return decodeWith("RatchetTree", data, (r) => ({ type: "ratchet_tree", ratchetTree: readRatchetTree(r) }))
    case ExtensionType.required_capabilities:
      return decodeWith("RequiredCapabilities", data, (r) =>
        ({ type: "required_capabilities", requiredCapabilities: readRequiredCapabilities(r) }))
    case ExtensionType.external_pub:
      return decodeWith("ExternalPub", data, (r) => ({ type: "external_pub", externalPub: r.opaque("external_pub") }))
    case ExtensionType.external_senders:
      return decodeWith("ExternalSenders", data, (r) =>
        ({ type: "external_senders", externalSenders: r.vector("external_senders", readExternalSender) }))
    default:
      return { ok: true, value: { type: "unknown", extensionType: ext.extensionType, data } }
  }
}
