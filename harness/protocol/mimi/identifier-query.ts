import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import {
  readAppDataDictionary, readString, readUri, writeAppDataDictionary, writeEnum, writeString, writeUri,
  type ComponentData,
} from "./common.ts"

/** -06 §5.8 SearchIdentifierType. */
export const SEARCH_IDENTIFIER_TYPES = [
  undefined, "handle", "nick", "email", "phone", "partialName", "wholeProfile", "oidcStdClaim", "vcardField",
] as const
export type SearchIdentifierType = NonNullable<(typeof SEARCH_IDENTIFIER_TYPES)[number]>

/** QueryElement: the select names `type` for the field `searchType`; the same field. Values are opaque UTF-8. */
export type QueryElement = { searchValue: Uint8Array } & (
  | { searchType: "oidcStdClaim"; claimName: Uint8Array }
  | { searchType: "vcardField"; propertyName: Uint8Array }
  | { searchType: Exclude<SearchIdentifierType, "oidcStdClaim" | "vcardField"> }
)

export interface IdentifierRequest {
  queryElements: QueryElement[]
  idRequestExtensions: ComponentData[]
}

function readQueryElement(r: Reader): QueryElement {
  const searchType = r.enum("searchType", 1, SEARCH_IDENTIFIER_TYPES)
  if (searchType === "oidcStdClaim") {
    return { searchType, claimName: r.opaque("claimName"), searchValue: r.opaque("searchValue") }
  }
  if (searchType === "vcardField") {
    return { searchType, propertyName: r.opaque("propertyName"), searchValue: r.opaque("searchValue") }
  }
  return { searchType, searchValue: r.opaque("searchValue") }
}

function writeQueryElement(w: Writer, v: QueryElement): void {
  writeEnum(w, SEARCH_IDENTIFIER_TYPES, v.searchType)
  if (v.searchType === "oidcStdClaim") w.opaque(v.claimName)
  else if (v.searchType === "vcardField") w.opaque(v.propertyName)
  w.opaque(v.searchValue)
}

export const identifierRequestCodec = codec<IdentifierRequest>("IdentifierRequest",
  (r) => ({
    queryElements: r.vector("query_elements", readQueryElement),
    idRequestExtensions: readAppDataDictionary(r, "id_request_extensions"),
  }),
  (w, v) => {
    w.vector(v.queryElements, writeQueryElement)
    writeAppDataDictionary(w, v.idRequestExtensions)
  })

export const IDENTIFIER_QUERY_CODES = ["success", "notFound", "ambiguous", "forbidden", "unsupportedField"] as const
export const FIELD_SOURCES = [undefined, undefined, undefined, undefined, undefined, undefined, undefined,
  "oidcStdClaim", "vcardField"] as const

export interface ProfileField {
  fieldSource: "oidcStdClaim" | "vcardField"
  fieldName: string
  fieldValue: Uint8Array
}

export interface UserProfile {
  stableUri: string
  fields: ProfileField[]
}

export interface IdentifierResponse {
  responseCode: (typeof IDENTIFIER_QUERY_CODES)[number]
  uris: string[]
  foundProfiles: UserProfile[]
  idResponseExtensions: ComponentData[]
}

export const identifierResponseCodec = codec<IdentifierResponse>("IdentifierResponse",
  (r) => ({
    responseCode: r.enum("responseCode", 1, IDENTIFIER_QUERY_CODES),
    uris: r.vector("uri", (r) => readUri(r, "IdentifierUri")),
    foundProfiles: r.vector("foundProfiles", (r) => ({
      stableUri: readUri(r, "stableUri"),
      fields: r.vector("fields", (r) => ({
        fieldSource: r.enum("fieldSource", 1, FIELD_SOURCES),
        fieldName: readString(r, "fieldName"),
        fieldValue: r.opaque("fieldValue"),
      })),
    })),
    idResponseExtensions: readAppDataDictionary(r, "id_response_extensions"),
  }),
  (w, v) => {
    writeEnum(w, IDENTIFIER_QUERY_CODES, v.responseCode)
    w.vector(v.uris, writeUri)
    w.vector(v.foundProfiles, (w, p) => {
      writeUri(w, p.stableUri)
      w.vector(p.fields, (w, f) => {
        writeEnum(w, FIELD_SOURCES, f.fieldSource)
        writeString(w, f.fieldName)
        w.opaque(f.fieldValue)
      })
    })
    writeAppDataDictionary(w, v.idResponseExtensions)
  })

export const decodeIdentifierRequest = (b: Uint8Array) => decode(identifierRequestCodec, b)
export const encodeIdentifierRequest = (v: IdentifierRequest) => encode(identifierRequestCodec, v)
export const decodeIdentifierResponse = (b: Uint8Array) => decode(identifierResponseCodec, b)
export const encodeIdentifierResponse = (v: IdentifierResponse) => encode(identifierResponseCodec, v)
