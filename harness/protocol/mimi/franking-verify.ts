import type { CipherSuite } from "../mls/crypto/ciphersuite.ts"
import { frankedFieldsOf } from "./franked-fields.ts"
import { computeFrankingTag, computeServerFrank, macEqual, verifyFrankSignature } from "./franking.ts"
import type { Frank, ServerFrankingContext } from "./franking-structs.ts"

/** Requirement IDs these checks report (registered in the mimi-protocol registry). */
export type FrankingRule =
  | "mimi.franking.ciphersuite-matches-group"
  | "mimi.franking.agent-matches-hub"
  | "mimi.franking.signature-valid"
  | "mimi.franking.tag-matches-content"
  | "mimi.franking.sender-matches-credential"
  | "mimi.franking.room-matches"
  | "mimi.franking.frank-returned"
  | "mimi.franking.sender-not-disclosed"
  | "mimi.abuse.content-has-franked-fields"
  | "mimi.abuse.room-matches"
  | "mimi.abuse.server-frank-matches"
  | "mimi.abuse.signature-valid"

export type FrankingFinding = { ok: true } | { ok: false; rule: FrankingRule; detail: string }

const pass: FrankingFinding = { ok: true }
const fail = (rule: FrankingRule, detail: string): FrankingFinding => ({ ok: false, rule, detail })

/** Looks up a cipher suite by id (the oracle's `cipherSuite`). */
export type SuiteLookup = (id: number) => Pick<CipherSuite, "verify"> | undefined

export interface ReceivedFrank {
  /** The decrypted application_data (MIMI content bytes). */
  content: Uint8Array
  /** The franking_tag from the PrivateMessage's frank_aad item. */
  frankingTag: Uint8Array
  frank: Frank
  acceptedTimestamp: bigint
  /** The room the message arrived in. */
  roomUri: string
  groupCipherSuite: number
  /** franking_agent from the GroupContext: its key and the domain its credential names. */
  agent: { signatureKey: Uint8Array; domain: string | undefined }
  hubDomain: string
  /** The user URI the sender's leaf credential asserts. */
  senderUserUri: string
}

/**
 * A receiving client's verification of a frank, in the order of -06 §5.4.1.3. Returns the first
 * failed step. The sender URI in the signed context is the one inside the decrypted content: the
 * hub never sends it to receivers.
 */
export function verifyReceivedFrank(m: ReceivedFrank, suites: SuiteLookup): FrankingFinding {
  if (m.frank.cipherSuite !== m.groupCipherSuite) {
    return fail("mimi.franking.ciphersuite-matches-group",
      `franking_signature_ciphersuite ${m.frank.cipherSuite} is not the group's ${m.groupCipherSuite}`)
  }
  const suite = suites(m.frank.cipherSuite)
  if (suite === undefined) {
    return fail("mimi.franking.ciphersuite-matches-group", `unknown cipher suite ${m.frank.cipherSuite}`)
  }
  if (m.agent.domain !== m.hubDomain) {
    const named = m.agent.domain ?? "no domain"
    return fail("mimi.franking.agent-matches-hub", `franking_agent credential names ${named}, hub is ${m.hubDomain}`)
  }
  const fields = frankedFieldsOf(m.content)
  if (!fields.ok) return fail("mimi.franking.tag-matches-content", fields.detail)
  const context: ServerFrankingContext = {
    senderUri: fields.value.senderUri, roomUri: m.roomUri, acceptedTimestamp: m.acceptedTimestamp,
  }
  if (!verifyFrankSignature(suite, m.agent.signatureKey, m.frank, context)) {
    return fail("mimi.franking.signature-valid", "VerifyWithLabel(franking_signature_key, FrankingIntegrityTBS) failed")
  }
  if (!macEqual(computeFrankingTag(fields.value.salt, m.content), m.frankingTag)) {
    return fail("mimi.franking.tag-matches-content",
      "HMAC_SHA256(salt, application_data) differs from the franking_tag in the AAD")
  }
  if (fields.value.senderUri !== m.senderUserUri) {
    return fail("mimi.franking.sender-matches-credential",
      `content senderUri ${fields.value.senderUri} is not the credential's ${m.senderUserUri}`)
  }
  if (fields.value.roomUri !== m.roomUri) {
    return fail("mimi.franking.room-matches", `content roomUri ${fields.value.roomUri} is not ${m.roomUri}`)
  }
  return pass
}

/** What the hub holds to validate an AbusiveMessage (-06 §5.9). */
export interface HubFrankingKeys {
  hubKey: Uint8Array
  frankingPublicKey: Uint8Array
  groupCipherSuite: number
}

export interface ReportedMessage {
  messageContent: Uint8Array
  frank: Frank
  acceptedTimestamp: bigint
}

/**
 * The hub's validation of one AbusiveMessage (-06 §5.9): find salt, sender and room in the content,
 * recompute franking_tag, the context and server_frank under hub_key, then verify the signature with
 * the algorithm of franking_signature_ciphersuite. `roomUri` is the room the report was posted for.
 */
export function verifyAbusiveMessage(
  m: ReportedMessage, roomUri: string, keys: HubFrankingKeys, suites: SuiteLookup,
): FrankingFinding {
  const fields = frankedFieldsOf(m.messageContent)
  if (!fields.ok) return fail("mimi.abuse.content-has-franked-fields", fields.detail)
  const { salt, senderUri } = fields.value
  if (fields.value.roomUri !== roomUri) {
    return fail("mimi.abuse.room-matches",
      `content roomUri ${fields.value.roomUri} is not the reported room ${roomUri}`)
  }
  const context: ServerFrankingContext = { senderUri, roomUri, acceptedTimestamp: m.acceptedTimestamp }
  const expected = computeServerFrank(keys.hubKey, computeFrankingTag(salt, m.messageContent), context)
  if (!macEqual(expected, m.frank.serverFrank)) {
    return fail("mimi.abuse.server-frank-matches",
      "server_frank recomputed from the content, salt, sender, room and accepted_timestamp differs")
  }
  if (m.frank.cipherSuite !== keys.groupCipherSuite) {
    return fail("mimi.franking.ciphersuite-matches-group",
      `franking_signature_ciphersuite ${m.frank.cipherSuite} is not the room's ${keys.groupCipherSuite}`)
  }
  const suite = suites(m.frank.cipherSuite)
  if (suite === undefined || !verifyFrankSignature(suite, keys.frankingPublicKey, m.frank, context)) {
    return fail("mimi.abuse.signature-valid",
      "franking_integrity_signature does not verify under the hub's franking key")
  }
  return pass
}

/**
 * §5.4: with a franking_agent in the group, an accepted message whose AAD carries frank_aad gets a
 * Frank, and one without frank_aad gets none. `frankingTag` is what decodeFrankingTag found.
 */
export function checkFrankReturned(frankingTag: Uint8Array | undefined, frank: Frank | undefined): FrankingFinding {
  if (frankingTag !== undefined && frank === undefined) {
    return fail("mimi.franking.frank-returned", "the message carried frank_aad but no Frank came back")
  }
  if (frankingTag === undefined && frank !== undefined) {
    return fail("mimi.franking.frank-returned", "a Frank came back for a message without frank_aad")
  }
  return pass
}

/**
 * §5.4.1.4 "The hub never sends the identity of the sender to receivers": the sender URI must not
 * appear, as UTF-8 bytes, anywhere in what a follower received (a notify body, say). The content
 * itself is encrypted, so an honest hub's bytes never contain it.
 */
export function checkSenderNotDisclosed(received: Uint8Array, senderUri: string): FrankingFinding {
  const at = Buffer.from(received.buffer, received.byteOffset, received.byteLength).indexOf(senderUri, 0, "utf8")
  return at < 0 ? pass : fail("mimi.franking.sender-not-disclosed", `sender URI ${senderUri} found at offset ${at}`)
}
