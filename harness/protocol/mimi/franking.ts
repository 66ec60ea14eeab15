import { createHmac, timingSafeEqual } from "node:crypto"
import type { CipherSuite } from "../mls/crypto/ciphersuite.ts"
import { signWithLabel, verifyWithLabel } from "../mls/crypto/labeled.ts"
import {
  encodeFrankingIntegrityTbs, encodeServerFrankingContext, type Frank, type ServerFrankingContext,
} from "./franking-structs.ts"

/** The SignWithLabel label of -06 §5.4.1.2. */
export const FRANKING_LABEL = "FrankingIntegrityTBS"

const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac("sha256", key).update(data).digest())

/**
 * §5.4.1.1 `franking_tag = HMAC_SHA256(salt, application_data)`. application_data is the MIMI content
 * bytes exactly as encrypted (the suite does not use content advertisement, so no ApplicationFraming).
 */
export function computeFrankingTag(salt: Uint8Array, applicationData: Uint8Array): Uint8Array {
  return hmacSha256(salt, applicationData)
}

/**
 * §5.4.1.2 `server_frank = HMAC_SHA256(hub_key, (franking_tag || context))`, where context is the
 * TLS encoding of ServerFrankingContext (the draft concatenates the struct, so its serialization).
 */
export function computeServerFrank(
  hubKey: Uint8Array, frankingTag: Uint8Array, context: ServerFrankingContext,
): Uint8Array {
  const ctx = encodeServerFrankingContext(context)
  const input = new Uint8Array(frankingTag.length + ctx.length)
  input.set(frankingTag)
  input.set(ctx, frankingTag.length)
  return hmacSha256(hubKey, input)
}

/**
 * The hub's side of §5.4.1.2: server_frank, then SignWithLabel(franking_private_key,
 * "FrankingIntegrityTBS", FrankingIntegrityTBS). `suite` is the group's cipher suite (its id becomes
 * franking_signature_ciphersuite); only its `sign` is used.
 */
export function createFrank(
  suite: Pick<CipherSuite, "id" | "sign">, frankingPrivateKey: Uint8Array, hubKey: Uint8Array,
  frankingTag: Uint8Array, context: ServerFrankingContext,
): Frank {
  const serverFrank = computeServerFrank(hubKey, frankingTag, context)
  const tbs = encodeFrankingIntegrityTbs(serverFrank, suite.id, context)
  const signature = signWithLabel(suite as CipherSuite, frankingPrivateKey, FRANKING_LABEL, tbs)
  return { serverFrank, cipherSuite: suite.id, signature }
}

/** VerifyWithLabel(franking_signature_key, "FrankingIntegrityTBS", FrankingIntegrityTBS, signature). */
export function verifyFrankSignature(
  suite: Pick<CipherSuite, "verify">, frankingPublicKey: Uint8Array, frank: Frank, context: ServerFrankingContext,
): boolean {
  if (frank.serverFrank.length !== 32) return false
  const tbs = encodeFrankingIntegrityTbs(frank.serverFrank, frank.cipherSuite, context)
  return verifyWithLabel(suite as CipherSuite, frankingPublicKey, FRANKING_LABEL, tbs, frank.signature)
}

/** Constant-time equality for MACs. */
export function macEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
