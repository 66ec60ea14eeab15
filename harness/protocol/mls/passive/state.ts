import {
  decodeExtensionBody, decodeMlsMessage, encodeAuthenticatedContent, ExtensionType, type Extension, type GroupContext,
  type PreSharedKeyId, type RequiredCapabilities,
} from "../codec/index.ts"
import { hex } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { refHash } from "../crypto/labeled.ts"
import { fail, type Outcome } from "../message/outcome.ts"
import { unprotectPrivate, type PrivateEpochView } from "../message/private.ts"
import { verifyPublicMessage, type VerifiedContent } from "../message/public.ts"
import type { EpochSecrets } from "../schedule/key-schedule.ts"
import { SecretTree } from "../schedule/secret-tree.ts"
import { leafAt, type Tree } from "../tree/index.ts"

/** Everything a passive member holds in one epoch. States are values: processing returns a new one. */
export interface MemberState {
  readonly cs: CipherSuite
  readonly groupContext: GroupContext
  readonly tree: Tree
  readonly ownLeaf: number
  /** HPKE private keys by node index: the own leaf and the parent nodes whose path secret is known. */
  readonly privateKeys: ReadonlyMap<number, Uint8Array>
  readonly secrets: EpochSecrets
  readonly interimTranscriptHash: Uint8Array
  readonly secretTree: SecretTree
  /** resumption_psk of every epoch seen, by epoch. */
  readonly resumptionPsks: ReadonlyMap<bigint, Uint8Array>
  /** External PSKs by hex psk_id. */
  readonly externalPsks: ReadonlyMap<string, Uint8Array>
}

export function viewOf(s: MemberState): PrivateEpochView {
  return {
    cs: s.cs,
    groupContext: s.groupContext,
    membershipKey: s.secrets.membershipKey,
    signatureKeyOf: (leaf) => leafAt(s.tree, leaf)?.signatureKey,
    externalSenderKeyOf: (index) => externalSenders(s.groupContext)?.[index]?.signatureKey,
    secretTree: s.secretTree,
    senderDataSecret: s.secrets.senderDataSecret,
  }
}

/** The required_capabilities extension among `extensions`, decoded, if present. */
export function requiredCapabilitiesOf(extensions: readonly Extension[]): RequiredCapabilities | undefined {
  const ext = extensions.find((e) => e.extensionType === ExtensionType.required_capabilities)
  const body = ext && decodeExtensionBody(ext)
  return body?.ok && body.value.type === "required_capabilities" ? body.value.requiredCapabilities : undefined
}

function externalSenders(gc: GroupContext) {
  const ext = gc.extensions.find((e) => e.extensionType === ExtensionType.external_senders)
  if (ext === undefined) return undefined
  const body = decodeExtensionBody(ext)
  return body.ok && body.value.type === "external_senders" ? body.value.externalSenders : undefined
}

/** Decodes and unprotects a Public- or PrivateMessage of the current epoch. */
export function openMessage(s: MemberState, bytes: Uint8Array): Outcome<VerifiedContent> {
  const m = decodeMlsMessage(bytes)
  if (!m.ok) return fail("mls.framing.decodes", `${m.error.code} at ${m.error.fieldPath} (offset ${m.error.offset})`)
  const view = viewOf(s)
  if (m.value.wireFormat === "mls_public_message") return verifyPublicMessage(view, m.value.publicMessage)
  if (m.value.wireFormat === "mls_private_message") return unprotectPrivate(view, m.value.privateMessage)
  return fail("mls.framing.wire-format", `${m.value.wireFormat} is not a handshake wire format`)
}

/** ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent), §5.2. */
export const proposalRef = (cs: CipherSuite, v: VerifiedContent) =>
  refHash(cs, "MLS 1.0 Proposal Reference", encodeAuthenticatedContent(v))

/** Resolves a PSK: external ones from the configured set, resumption ones from earlier epochs of this group. */
export function resolvePsk(s: Pick<MemberState, "externalPsks" | "resumptionPsks">, groupId: Uint8Array) {
  return (id: PreSharedKeyId): Uint8Array | undefined => {
    if (id.pskType === "external") return s.externalPsks.get(hex(id.pskId))
    if (id.usage !== "application" || hex(id.pskGroupId) !== hex(groupId)) return undefined
    return s.resumptionPsks.get(id.pskEpoch)
  }
}
