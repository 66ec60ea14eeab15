import { encodeKeyPackage, type KeyPackage } from "../mls/codec/key-package.ts"
import type { CipherSuite } from "../mls/crypto/ciphersuite.ts"
import { refHash, signWithLabel, verifyWithLabel } from "../mls/crypto/labeled.ts"
import {
  encodeKeyMaterialRequestTbs, type KeyMaterialRequest, type KeyMaterialRequestTbs, type KeyMaterialResponse,
} from "./key-material.ts"

export type KeyMaterialRule =
  | "mimi.key-material.request-signature-verified"
  | "mimi.key-material.request-well-formed"
  | "mimi.key-material.response-names-user"
  | "mimi.key-material.clients-empty-on-failure"
  | "mimi.key-material.user-code-consistent"
  | "mimi.key-material.one-per-client"
  | "mimi.key-material.ciphersuite-negotiated"
  | "mimi.key-material.not-expired"
  | "mimi.key-material.single-use"

export interface KeyMaterialFinding {
  rule: KeyMaterialRule
  detail: string
}

export const KEY_MATERIAL_LABEL = "KeyMaterialRequestTBS"

/**
 * -06 names no cipher suite for key_material_request_signature. The suite signs and verifies it with
 * the first entry of acceptableCiphersuites (the suite the requester prefers, normally the room's).
 */
export const signingSuiteOf = (v: KeyMaterialRequestTbs): number | undefined => v.acceptableCiphersuites[0]

export function signKeyMaterialRequest(
  suite: CipherSuite, privateKey: Uint8Array, tbs: KeyMaterialRequestTbs,
): KeyMaterialRequest {
  const signature = signWithLabel(suite, privateKey, KEY_MATERIAL_LABEL, encodeKeyMaterialRequestTbs(tbs))
  return { ...tbs, signature }
}

/** Problems with a request that a target provider must refuse (§5.2): shape, then signature. */
export function checkKeyMaterialRequest(
  v: KeyMaterialRequest, suites: (id: number) => CipherSuite | undefined,
): KeyMaterialFinding[] {
  const id = signingSuiteOf(v)
  const shape = "mimi.key-material.request-well-formed"
  if (id === undefined) return [{ rule: shape, detail: "acceptableCiphersuites is empty" }]
  if (v.roomId === "") return [{ rule: shape, detail: "roomId is empty" }]
  const suite = suites(id)
  const ok = suite !== undefined &&
    verifyWithLabel(suite, v.requesterSignatureKey, KEY_MATERIAL_LABEL, encodeKeyMaterialRequestTbs(v), v.signature)
  if (ok) return []
  return [{ rule: "mimi.key-material.request-signature-verified", detail: `signature does not verify (suite ${id})` }]
}

/** KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage), RFC 9420 §5.2. */
export function keyPackageRef(suite: CipherSuite, kp: KeyPackage): Uint8Array {
  return refHash(suite, "MLS 1.0 KeyPackage Reference", encodeKeyPackage(kp))
}

const has = (list: readonly number[], x: number) => list.includes(x)

/**
 * Everything §5.2 says about one response to `request`, judged at `nowSeconds` (UNIX seconds).
 * Returns every failure found, empty when the response conforms.
 */
export function checkKeyMaterialResponse(
  request: KeyMaterialRequestTbs, response: KeyMaterialResponse, nowSeconds: bigint,
): KeyMaterialFinding[] {
  const out: KeyMaterialFinding[] = []
  const add = (rule: KeyMaterialRule, detail: string) => out.push({ rule, detail })
  if (response.userUri !== request.targetUser || response.protocol !== request.protocol) {
    add("mimi.key-material.response-names-user",
      `userUri ${response.userUri} for a request about ${request.targetUser}`)
  }
  const { userStatus, clients } = response
  const listed = userStatus === "success" || userStatus === "partialSuccess" || userStatus === "noCompatibleMaterial"
  if (!listed && clients.length > 0) {
    add("mimi.key-material.clients-empty-on-failure", `${clients.length} client(s) listed with user code ${userStatus}`)
  }
  const successes = clients.filter((c) => c.clientStatus === "success").length
  if (userStatus === "success" && (clients.length === 0 || successes !== clients.length)) {
    add("mimi.key-material.user-code-consistent", `success with ${successes} of ${clients.length} client(s) served`)
  }
  if (userStatus === "partialSuccess" && successes === 0) {
    add("mimi.key-material.user-code-consistent", "partialSuccess with no client served")
  }
  if (userStatus === "noCompatibleMaterial" && successes > 0) {
    add("mimi.key-material.user-code-consistent", `noCompatibleMaterial but ${successes} KeyPackage(s) returned`)
  }
  const uris = new Set<string>()
  for (const c of clients) {
    if (uris.has(c.clientUri)) add("mimi.key-material.one-per-client", `client ${c.clientUri} listed twice`)
    uris.add(c.clientUri)
    if (c.clientStatus !== "success") continue
    const kp = c.keyPackage
    const caps = kp.leafNode.capabilities
    const req = request.requiredCapabilities
    if (!has(request.acceptableCiphersuites, kp.cipherSuite)) {
      add("mimi.key-material.ciphersuite-negotiated",
        `${c.clientUri}: cipher suite ${kp.cipherSuite} was not acceptable`)
    }
    const missing = [
      ...req.extensionTypes.filter((x) => !has(caps.extensions, x)).map((x) => `extension ${x}`),
      ...req.proposalTypes.filter((x) => !has(caps.proposals, x)).map((x) => `proposal ${x}`),
      ...req.credentialTypes.filter((x) => !has(caps.credentials, x)).map((x) => `credential ${x}`),
    ]
    if (missing.length > 0) {
      add("mimi.key-material.ciphersuite-negotiated", `${c.clientUri}: KeyPackage lacks required ${missing.join(", ")}`)
    }
    const leaf = kp.leafNode
    if (leaf.leafNodeSource === "key_package" && leaf.lifetime.notAfter < nowSeconds) {
      add("mimi.key-material.not-expired",
        `${c.clientUri}: not_after ${leaf.lifetime.notAfter} is before ${nowSeconds}`)
    }
  }
  return out
}

/** Single use across responses (§5.2): every KeyPackageRef appears once over all the claims. */
export function checkKeyPackagesDistinct(
  responses: readonly KeyMaterialResponse[], suites: (id: number) => CipherSuite | undefined,
): KeyMaterialFinding[] {
  const seen = new Map<string, string>()
  const out: KeyMaterialFinding[] = []
  for (const [i, res] of responses.entries()) {
    for (const c of res.clients) {
      if (c.clientStatus !== "success") continue
      const suite = suites(c.keyPackage.cipherSuite)
      const id = suite === undefined ? encodeKeyPackage(c.keyPackage) : keyPackageRef(suite, c.keyPackage)
      const ref = Buffer.from(id).toString("hex")
      const first = seen.get(ref)
      if (first !== undefined) {
        const detail = `${c.clientUri}: KeyPackage of ${first} returned again in response ${i}`
        out.push({ rule: "mimi.key-material.single-use", detail })
      } else seen.set(ref, `response ${i}`)
    }
  }
  return out
}
