/** Builders and oracle checks shared by the mimi-protocol scenarios. Pure except for the peer's devices. */
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue, type Finding } from "../../harness/engine/finding.ts"
import { signKeyMaterialRequest } from "../../harness/protocol/mimi/key-material-check.ts"
import { encodeKeyMaterialRequest, type KeyMaterialRequestTbs } from "../../harness/protocol/mimi/key-material.ts"
import { encodeKeyPackageTbs, type KeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import { encodeLeafNodeTbs } from "../../harness/protocol/mls/codec/leaf-node.ts"
import { verifyWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { Codec, Result } from "../../harness/protocol/tls-syntax/index.ts"
import { decode } from "../../harness/protocol/tls-syntax/index.ts"
import type { HttpReply } from "../../targets/mimi-http/client.ts"
import type { Device } from "../../targets/mimi-http/device.ts"
import type { MimiPeer } from "../../targets/mimi-http/peer.ts"

export interface KeyMaterialAsk {
  requester: Device
  requestingUser: string
  targetUser: string
  roomId: string
  suites?: number[]
  /** RequiredCapabilities extension types (an unsupported one forces noCompatibleMaterial). */
  requiredExtensions?: number[]
  /** Sign with a key other than requesterSignatureKey (a forged request). */
  forge?: Uint8Array
}

/** The KeyMaterialRequestTBS of a claim (-06 §5.2). */
export function keyMaterialTbs(a: KeyMaterialAsk): KeyMaterialRequestTbs {
  return {
    protocol: "mls10", requestingUser: a.requestingUser, targetUser: a.targetUser, roomId: a.roomId,
    acceptableCiphersuites: a.suites ?? [1],
    requiredCapabilities: { extensionTypes: a.requiredExtensions ?? [], proposalTypes: [], credentialTypes: [] },
    requesterSignatureKey: a.requester.signaturePublicKey,
    requesterCredential: { credentialType: 1, identity: new TextEncoder().encode(a.requester.uri) },
  }
}

/** A signed KeyMaterialRequest body, signed under cipher suite 1 (the peer's clients' suite). */
export function keyMaterialRequest(a: KeyMaterialAsk): Uint8Array {
  const cs = cipherSuite(1)
  if (cs === undefined) throw new Error("cipher suite 1 is not available")
  const key = a.forge ?? a.requester.signaturePrivateKey
  return encodeKeyMaterialRequest(signKeyMaterialRequest(cs, key, keyMaterialTbs(a)))
}

/**
 * RFC 9420 §10.1 KeyPackage validation as far as it needs no group: known version and suite, the
 * KeyPackage and leaf signatures, a key_package leaf within its lifetime, init_key ≠ encryption_key.
 */
export function keyPackageProblems(kp: KeyPackage, nowSeconds: bigint): string[] {
  const out: string[] = []
  const cs = cipherSuite(kp.cipherSuite)
  if (kp.version !== 1) out.push(`version ${kp.version} is not mls10`)
  if (cs === undefined) return [...out, `cipher suite ${kp.cipherSuite} is unknown`]
  const leaf = kp.leafNode
  if (!verifyWithLabel(cs, leaf.signatureKey, "KeyPackageTBS", encodeKeyPackageTbs(kp), kp.signature)) {
    out.push("KeyPackage signature does not verify")
  }
  if (!verifyWithLabel(cs, leaf.signatureKey, "LeafNodeTBS", encodeLeafNodeTbs(leaf), leaf.signature)) {
    out.push("leaf node signature does not verify")
  }
  if (leaf.leafNodeSource !== "key_package") out.push(`leaf_node_source is ${leaf.leafNodeSource}`)
  else if (leaf.lifetime.notBefore > nowSeconds || leaf.lifetime.notAfter < nowSeconds) {
    out.push(`lifetime ${leaf.lifetime.notBefore}..${leaf.lifetime.notAfter} does not cover ${nowSeconds}`)
  }
  if (Buffer.compare(kp.initKey, leaf.encryptionKey) === 0) out.push("init_key equals encryption_key")
  if (!leaf.capabilities.cipherSuites.includes(kp.cipherSuite)) out.push("leaf capabilities omit the suite")
  return out
}

/** Decodes a 200 reply with `codec`; anything else is a finding about the body. */
export function decodeReply<T>(c: Codec<T>, reply: HttpReply): Result<T> | { ok: false; status: number } {
  if (reply.status !== 200) return { ok: false, status: reply.status }
  return decode(c, reply.body)
}

type Failure = { ok: false; status: number } | { ok: false; error: { code: string; fieldPath: string; offset: number } }

export function describeFailure(r: Failure): string {
  return "status" in r ? `HTTP ${r.status}` : `${r.error.code} at ${r.error.fieldPath} (offset ${r.error.offset})`
}

/** A refusal: any 4xx, or the connection closed on us. A 2xx or 5xx is not a refusal. */
type Sent = { ok: true; value: HttpReply } | { ok: false; detail: string }

export function refused(outcome: Sent, what: string): Finding {
  if (!outcome.ok) return { ok: true, actual: `connection refused: ${outcome.detail}` }
  const s = outcome.value.status
  return isTrue(s >= 400 && s < 500, `${what} refused with a 4xx status`, `HTTP ${s}`)
}

/** Fails the scenario's trap rule if the target called an endpoint of the peer it must not call. */
export function checkNoTraps(check: CheckFn, peer: MimiPeer): void {
  const hits = peer.endpoint.trapped.map((t) => `${t.method} ${t.path}`)
  check("mimi.peer.no-unexpected-calls", isTrue(hits.length === 0, "no call to a hub-only endpoint of the peer",
    hits.length === 0 ? "none" : hits.join(", ")))
}

/** Oracle findings grouped by the rule they break. */
export function keyMaterialProblemsByRule<R extends string>(findings: { rule: R; detail: string }[]): Map<R, string[]> {
  const out = new Map<R, string[]>()
  for (const f of findings) out.set(f.rule, [...(out.get(f.rule) ?? []), f.detail])
  return out
}
