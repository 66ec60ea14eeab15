import {
  readCapabilities, readRequiredCapabilities, writeCapabilities, writeRequiredCapabilities, type Capabilities,
  type RequiredCapabilities,
} from "../mls/codec/capabilities.ts"
import { readCredential, writeCredential, type Credential } from "../mls/codec/credential.ts"
import { readKeyPackage, writeKeyPackage, type KeyPackage } from "../mls/codec/key-package.ts"
import { codec, decode, encode, Writer, type Reader } from "../tls-syntax/index.ts"
import {
  readProtocol, readU16s, readUri, writeEnum, writeProtocol, writeU16s, writeUri, type Protocol,
} from "./common.ts"

/** §5.2 KeyMaterialRequestTBS: the request without its signature. Only `mls10` has a body. */
export interface KeyMaterialRequestTbs {
  protocol: Protocol
  requestingUser: string
  targetUser: string
  roomId: string
  acceptableCiphersuites: number[]
  requiredCapabilities: RequiredCapabilities
  requesterSignatureKey: Uint8Array
  requesterCredential: Credential
}

export interface KeyMaterialRequest extends KeyMaterialRequestTbs {
  signature: Uint8Array
}

function readTbs(r: Reader): KeyMaterialRequestTbs {
  const protocol = readProtocol(r)
  return {
    protocol,
    requestingUser: readUri(r, "requestingUser"),
    targetUser: readUri(r, "targetUser"),
    roomId: readUri(r, "roomId"),
    acceptableCiphersuites: readU16s(r, "acceptableCiphersuites", "cipher_suite"),
    requiredCapabilities: r.struct("requiredCapabilities", readRequiredCapabilities),
    requesterSignatureKey: r.opaque("requesterSignatureKey"),
    requesterCredential: r.struct("requesterCredential", readCredential),
  }
}

function writeTbs(w: Writer, v: KeyMaterialRequestTbs): void {
  writeProtocol(w, v.protocol)
  writeUri(w, v.requestingUser)
  writeUri(w, v.targetUser)
  writeUri(w, v.roomId)
  writeU16s(w, v.acceptableCiphersuites)
  writeRequiredCapabilities(w, v.requiredCapabilities)
  w.opaque(v.requesterSignatureKey)
  writeCredential(w, v.requesterCredential)
}

/** The bytes signed with label "KeyMaterialRequestTBS". */
export function encodeKeyMaterialRequestTbs(v: KeyMaterialRequestTbs): Uint8Array {
  const w = new Writer()
  writeTbs(w, v)
  return w.finish()
}

export const keyMaterialRequestCodec = codec<KeyMaterialRequest>("KeyMaterialRequest",
  (r) => ({ ...readTbs(r), signature: r.opaque("key_material_request_signature") }),
  (w, v) => {
    writeTbs(w, v)
    w.opaque(v.signature)
  })

/** §5.2 KeyMaterialUserCode and KeyMaterialClientCode (1-byte enums; the draft's `;` separators are typos). */
export const KEY_MATERIAL_USER_CODES = [
  "success", "partialSuccess", "incompatibleProtocol", "noCompatibleMaterial", "userUnknown", "noConsent",
  "noConsentForThisRoom", "userDeleted",
] as const
export type KeyMaterialUserCode = (typeof KEY_MATERIAL_USER_CODES)[number]
export const KEY_MATERIAL_CLIENT_CODES = ["success", "keyMaterialExhausted", "nothingCompatible"] as const
export type KeyMaterialClientCode = (typeof KEY_MATERIAL_CLIENT_CODES)[number]

export type ClientKeyMaterial = { clientUri: string } & (
  | { clientStatus: "success"; keyPackage: KeyPackage }
  | { clientStatus: "keyMaterialExhausted" }
  | { clientStatus: "nothingCompatible"; clientCapabilities?: Capabilities }
)

export interface KeyMaterialResponse {
  protocol: Protocol
  userStatus: KeyMaterialUserCode
  userUri: string
  clients: ClientKeyMaterial[]
}

function readClient(r: Reader): ClientKeyMaterial {
  const clientStatus = r.enum("clientStatus", 1, KEY_MATERIAL_CLIENT_CODES)
  const clientUri = readUri(r, "clientUri")
  switch (clientStatus) {
    case "success": return { clientStatus, clientUri, keyPackage: r.struct("keyPackage", readKeyPackage) }
    case "keyMaterialExhausted": return { clientStatus, clientUri }
    case "nothingCompatible": {
      const clientCapabilities = r.optional("clientCapabilities", readCapabilities)
      return clientCapabilities === undefined
        ? { clientStatus, clientUri }
        : { clientStatus, clientUri, clientCapabilities }
    }
  }
}

function writeClient(w: Writer, v: ClientKeyMaterial): void {
  writeEnum(w, KEY_MATERIAL_CLIENT_CODES, v.clientStatus)
  writeUri(w, v.clientUri)
  if (v.clientStatus === "success") writeKeyPackage(w, v.keyPackage)
  else if (v.clientStatus === "nothingCompatible") w.optional(v.clientCapabilities, writeCapabilities)
}

export const keyMaterialResponseCodec = codec<KeyMaterialResponse>("KeyMaterialResponse",
  (r) => ({
    protocol: readProtocol(r),
    userStatus: r.enum("userStatus", 1, KEY_MATERIAL_USER_CODES),
    userUri: readUri(r, "userUri"),
    clients: r.vector("clients", readClient),
  }),
  (w, v) => {
    writeProtocol(w, v.protocol)
    writeEnum(w, KEY_MATERIAL_USER_CODES, v.userStatus)
    writeUri(w, v.userUri)
    w.vector(v.clients, writeClient)
  })

export const decodeKeyMaterialRequest = (b: Uint8Array) => decode(keyMaterialRequestCodec, b)
export const encodeKeyMaterialRequest = (v: KeyMaterialRequest) => encode(keyMaterialRequestCodec, v)
export const decodeKeyMaterialResponse = (b: Uint8Array) => decode(keyMaterialResponseCodec, b)
export const encodeKeyMaterialResponse = (v: KeyMaterialResponse) => encode(keyMaterialResponseCodec, v)
