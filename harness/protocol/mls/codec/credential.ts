import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { CredentialType } from "./enums.ts"

/**
 * RFC 9420 §5.3 Credential. Credential types other than basic and x509 have no body syntax in the
 * RFC; the oracle reads them as `opaque data<V>` (the registry's extension convention) to keep them.
 */
export type Credential =
  | { credentialType: typeof CredentialType.basic; identity: Uint8Array }
  | { credentialType: typeof CredentialType.x509; certificates: Uint8Array[] }
  | { credentialType: number; data: Uint8Array }

export function readCredential(r: Reader): Credential {
  const credentialType = r.u16("credential_type")
  if (credentialType === CredentialType.basic) return { credentialType, identity: r.opaque("identity") }
  if (credentialType === CredentialType.x509) {
    return { credentialType, certificates: r.vector("certificates", (r) => r.opaque("cert_data")) }
  }
  return { credentialType, data: r.opaque("data") }
}

export function writeCredential(w: Writer, v: Credential): void {
  w.u16(v.credentialType)
  if ("identity" in v) w.opaque(v.identity)
  else if ("certificates" in v) w.vector(v.certificates, (w, c) => w.opaque(c))
  else w.opaque(v.data)
}

export const credentialCodec = codec("Credential", readCredential, writeCredential)
export const decodeCredential = (b: Uint8Array) => decode(credentialCodec, b)
export const encodeCredential = (v: Credential) => encode(credentialCodec, v)
