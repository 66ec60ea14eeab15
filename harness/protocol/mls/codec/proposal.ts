import { codec, decode, encode, type Reader, type Writer } from "../../tls-syntax/index.ts"
import { ProposalType, PROPOSAL_OR_REF_TYPES } from "./enums.ts"
import * as b from "./proposal-bodies.ts"

/**
 * RFC 9420 §12.1 Proposal. Proposal types outside the RFC have no body syntax there; the oracle
 * reads them as `opaque data<V>` so that they survive decoding and re-encoding.
 */
export type Proposal =
  | ({ proposalType: "add" } & b.Add)
  | ({ proposalType: "update" } & b.Update)
  | ({ proposalType: "remove" } & b.Remove)
  | ({ proposalType: "psk" } & b.PreSharedKey)
  | ({ proposalType: "reinit" } & b.ReInit)
  | ({ proposalType: "external_init" } & b.ExternalInit)
  | ({ proposalType: "group_context_extensions" } & b.GroupContextExtensions)
  | { proposalType: "unknown"; type: number; data: Uint8Array }

export type KnownProposalType = keyof typeof ProposalType

const NAMES = new Map<number, KnownProposalType>(
  Object.entries(ProposalType).map(([k, v]) => [v, k as KnownProposalType]),
)

/** The uint16 wire value of a proposal's type. */
export function proposalTypeValue(p: Proposal): number {
  return p.proposalType === "unknown" ? p.type : ProposalType[p.proposalType]
}

export function readProposal(r: Reader): Proposal {
  const type = r.u16("proposal_type")
  const name = NAMES.get(type)
  switch (name) {
    case "add": return { proposalType: name, ...r.struct(name, b.readAdd) }
    case "update": return { proposalType: name, ...r.struct(name, b.readUpdate) }
    case "remove": return { proposalType: name, ...r.struct(name, b.readRemove) }
    case "psk": return { proposalType: name, ...r.struct(name, b.readPreSharedKey) }
    case "reinit": return { proposalType: name, ...r.struct(name, b.readReInit) }
    case "external_init": return { proposalType: name, ...r.struct(name, b.readExternalInit) }
    case "group_context_extensions": return { proposalType: name, ...r.struct(name, b.readGroupContextExtensions) }
    case undefined: return { proposalType: "unknown", type, data: r.opaque("data") }
  }
}

export function writeProposal(w: Writer, v: Proposal): void {
  w.u16(proposalTypeValue(v))
  switch (v.proposalType) {
    case "add": return b.writeAdd(w, v)
    case "update": return b.writeUpdate(w, v)
    case "remove": return b.writeRemove(w, v)
    case "psk": return b.writePreSharedKey(w, v)
    case "reinit": return b.writeReInit(w, v)
    case "external_init": return b.writeExternalInit(w, v)
    case "group_context_extensions": return b.writeGroupContextExtensions(w, v)
    case "unknown": return w.opaque(v.data)
  }
}

/** ProposalOrRef (§12.4); `reference` is a ProposalRef (HashReference). */
export type ProposalOrRef = { type: "proposal"; proposal: Proposal } | { type: "reference"; reference: Uint8Array }

export function readProposalOrRef(r: Reader): ProposalOrRef {
  const type = r.enum("type", 1, PROPOSAL_OR_REF_TYPES)
  return type === "proposal"
    ? { type, proposal: r.struct("proposal", readProposal) }
    : { type, reference: r.opaque("reference") }
}

export function writeProposalOrRef(w: Writer, v: ProposalOrRef): void {
  if (v.type === "proposal") {
    w.u8(1)
    writeProposal(w, v.proposal)
  } else {
    w.u8(2)
    w.opaque(v.reference)
  }
}

export const proposalCodec = codec("Proposal", readProposal, writeProposal)
export const proposalOrRefCodec = codec("ProposalOrRef", readProposalOrRef, writeProposalOrRef)
export const decodeProposal = (b: Uint8Array) => decode(proposalCodec, b)
export const encodeProposal = (v: Proposal) => encode(proposalCodec, v)
export const decodeProposalOrRef = (b: Uint8Array) => decode(proposalOrRefCodec, b)
export const encodeProposalOrRef = (v: ProposalOrRef) => encode(proposalOrRefCodec, v)
