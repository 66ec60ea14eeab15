import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"

/** RFC 9420 §7.2 Capabilities. */
export interface Capabilities {
  versions: number[]
  cipherSuites: number[]
  extensions: number[]
  proposals: number[]
  credentials: number[]
}

const u16 = (name: string) => (r: Reader) => r.u16(name)
const writeU16s = (w: Writer, v: readonly number[]) => w.vector(v, (w, x) => w.u16(x))

export function readCapabilities(r: Reader): Capabilities {
  return {
    versions: r.vector("versions", u16("version")),
    cipherSuites: r.vector("cipher_suites", u16("cipher_suite")),
    extensions: r.vector("extensions", u16("extension_type")),
    proposals: r.vector("proposals", u16("proposal_type")),
    credentials: r.vector("credentials", u16("credential_type")),
  }
}

export function writeCapabilities(w: Writer, v: Capabilities): void {
  writeU16s(w, v.versions)
  writeU16s(w, v.cipherSuites)
  writeU16s(w, v.extensions)
  writeU16s(w, v.proposals)
  writeU16s(w, v.credentials)
}

/** RFC 9420 §7.2 Lifetime (seconds since the Unix epoch). */
export interface Lifetime {
  notBefore: bigint
  notAfter: bigint
}

export function readLifetime(r: Reader): Lifetime {
  return { notBefore: r.u64("not_before"), notAfter: r.u64("not_after") }
}

export function writeLifetime(w: Writer, v: Lifetime): void {
  w.u64(v.notBefore)
  w.u64(v.notAfter)
}

/** RFC 9420 §11.1 RequiredCapabilities (the required_capabilities extension body). */
export interface RequiredCapabilities {
  extensionTypes: number[]
  proposalTypes: number[]
  credentialTypes: number[]
}

export function readRequiredCapabilities(r: Reader): RequiredCapabilities {
  return {
    extensionTypes: r.vector("extension_types", u16("extension_type")),
    proposalTypes: r.vector("proposal_types", u16("proposal_type")),
    credentialTypes: r.vector("credential_types", u16("credential_type")),
  }
}

export function writeRequiredCapabilities(w: Writer, v: RequiredCapabilities): void {
  writeU16s(w, v.extensionTypes)
  writeU16s(w, v.proposalTypes)
  writeU16s(w, v.credentialTypes)
}

export const capabilitiesCodec = codec("Capabilities", readCapabilities, writeCapabilities)
export const lifetimeCodec = codec("Lifetime", readLifetime, writeLifetime)
export const requiredCapabilitiesCodec =
  codec("RequiredCapabilities", readRequiredCapabilities, writeRequiredCapabilities)
export const decodeCapabilities = (b: Uint8Array) => decode(capabilitiesCodec, b)
export const encodeCapabilities = (v: Capabilities) => encode(capabilitiesCodec, v)
export const decodeLifetime = (b: Uint8Array) => decode(lifetimeCodec, b)
export const encodeLifetime = (v: Lifetime) => encode(lifetimeCodec, v)
export const decodeRequiredCapabilities = (b: Uint8Array) => decode(requiredCapabilitiesCodec, b)
export const encodeRequiredCapabilities = (v: RequiredCapabilities) => encode(requiredCapabilitiesCodec, v)
