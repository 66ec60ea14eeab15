import { readKeyPackage, writeKeyPackage, type KeyPackage } from "../mls/codec/key-package.ts"
import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import {
  readAppDataDictionary, readUri, writeAppDataDictionary, writeEnum, writeUri, type ComponentData,
} from "./common.ts"

/** -06 §5.7 ConsentOperation. */
export const CONSENT_OPERATIONS = ["cancel", "request", "grant", "revoke"] as const
export type ConsentOperation = (typeof CONSENT_OPERATIONS)[number]

/** The operations each endpoint carries: requestConsent request/cancel, updateConsent grant/revoke. */
export const CONSENT_ENDPOINT_OPERATIONS = {
  requestConsent: ["request", "cancel"],
  updateConsent: ["grant", "revoke"],
} as const satisfies Record<string, readonly ConsentOperation[]>

/** §5.7 ConsentScope; `RoomId` is never defined, the suite reads it as IdentifierUri. */
export interface ConsentScope {
  requesterUri: string
  targetUri: string
  roomId?: string
}

export type ConsentEntry = ConsentScope & { consentExtensions: ComponentData[] } & (
  | { consentOperation: "grant"; clientKeyPackages: KeyPackage[] }
  | { consentOperation: "cancel" | "request" | "revoke" }
)

function readScope(r: Reader): ConsentScope {
  const requesterUri = readUri(r, "requesterUri")
  const targetUri = readUri(r, "targetUri")
  const roomId = r.optional("roomId", (r) => readUri(r, "RoomId"))
  return roomId === undefined ? { requesterUri, targetUri } : { requesterUri, targetUri, roomId }
}

function writeScope(w: Writer, v: ConsentScope): void {
  writeUri(w, v.requesterUri)
  writeUri(w, v.targetUri)
  w.optional(v.roomId, writeUri)
}

function readConsentEntry(r: Reader): ConsentEntry {
  const consentOperation = r.enum("consentOperation", 1, CONSENT_OPERATIONS)
  const scope = readScope(r)
  if (consentOperation === "grant") {
    const clientKeyPackages = r.vector("clientKeyPackages", readKeyPackage)
    const consentExtensions = readAppDataDictionary(r, "consent_extensions")
    return { consentOperation, ...scope, clientKeyPackages, consentExtensions }
  }
  return { consentOperation, ...scope, consentExtensions: readAppDataDictionary(r, "consent_extensions") }
}

function writeConsentEntry(w: Writer, v: ConsentEntry): void {
  writeEnum(w, CONSENT_OPERATIONS, v.consentOperation)
  writeScope(w, v)
  if (v.consentOperation === "grant") w.vector(v.clientKeyPackages, writeKeyPackage)
  writeAppDataDictionary(w, v.consentExtensions)
}

export const consentEntryCodec = codec("ConsentEntry", readConsentEntry, writeConsentEntry)
export const consentScopeCodec = codec("ConsentScope", readScope, writeScope)
export const decodeConsentEntry = (b: Uint8Array) => decode(consentEntryCodec, b)
export const encodeConsentEntry = (v: ConsentEntry) => encode(consentEntryCodec, v)
export const decodeConsentScope = (b: Uint8Array) => decode(consentScopeCodec, b)
export const encodeConsentScope = (v: ConsentScope) => encode(consentScopeCodec, v)

/** Same scope (§5.7): requester, target and the optional room all equal. */
export const sameConsentScope = (a: ConsentScope, b: ConsentScope): boolean =>
  a.requesterUri === b.requesterUri && a.targetUri === b.targetUri && a.roomId === b.roomId
