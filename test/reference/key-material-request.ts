import { randomBytes } from "node:crypto"
import { signWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import {
  decodeKeyMaterialResponse, encodeKeyMaterialRequest, encodeKeyMaterialRequestTbs, type KeyMaterialRequestTbs,
  type KeyMaterialResponse,
} from "../../harness/protocol/mimi/index.ts"
import { rawRequest, type Started } from "./helpers.ts"

const cs = cipherSuite(1)!

/** A KeyMaterialRequest from alice (hub) signed by a throwaway requester key. */
export function buildKeyMaterialRequest(target: string, room: string, suites = [1]): Uint8Array {
  const priv = randomBytes(32)
  const base: KeyMaterialRequestTbs = {
    protocol: "mls10", requestingUser: "mimi://hub.example/u/alice", targetUser: target, roomId: room,
    acceptableCiphersuites: suites,
    requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [] },
    requesterSignatureKey: cs.signaturePublicKey(priv)!,
    requesterCredential: { credentialType: 1, identity: new TextEncoder().encode("mimi://hub.example/d/alice/1") },
  }
  const signature = signWithLabel(cs, priv, "KeyMaterialRequestTBS", encodeKeyMaterialRequestTbs(base))
  return encodeKeyMaterialRequest({ ...base, signature })
}

/** Claims `target`'s key material from the follower, as the hub would. */
export async function claimFromFollower(
  s: Started, target: string, room: string, suites = [1],
): Promise<KeyMaterialResponse> {
  const r = await rawRequest(s, { to: "follower", certDomain: "hub.example", from: "mimi@hub.example",
    path: `/v1/keyMaterial/${target.slice("mimi://".length)}`, body: buildKeyMaterialRequest(target, room, suites) })
  const parsed = decodeKeyMaterialResponse(r.body)
  if (!parsed.ok) throw new Error(`KeyMaterialResponse does not decode (HTTP ${r.status}: ${r.text})`)
  return parsed.value
}
