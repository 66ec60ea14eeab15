import { defineRequirements } from "../define.ts"
import { MIMI_CONTENT } from "./document.ts"

/** The message structure, message IDs and the size limits (§3.3, §4.1, §4.4, §4.5, §9.1). */
export const messageRequirements = defineRequirements(MIMI_CONTENT, {
  "content.schema.message": {
    level: "MUST",
    section: "4.1",
    paraphrase: true,
    text: "mimiContent is an array of exactly 7 items: salt (bstr), replaces (null / MessageId), topicId (bstr), " +
      "expires (null / Expiration), inReplyTo (null / MessageId), mimiExtensions (map), nestedPart (NestedPart).",
  },
  "content.schema.expiration": {
    level: "MUST",
    section: "4.1",
    text: "Expiration = [ relative: bool, time: uint .size 4 ]",
  },
  "content.schema.nested-part": {
    level: "MUST",
    section: "4.4",
    paraphrase: true,
    text: "A NestedPart is [disposition, language (tstr), cardinality, ...] followed by exactly the fields of its " +
      "cardinality: none (NullPart), contentType and content (SinglePart), the 12 ExternalPart fields, or " +
      "partSemantics and parts (MultiPart), each of the CDDL type.",
  },
  "content.schema.cardinality": {
    level: "MUST",
    section: "4.4",
    text: "nullpart = 0, single = 1, external = 2, multi = 3",
  },
  "content.schema.part-semantics": {
    level: "MUST",
    section: "4.4",
    text: "partSemantics: chooseOne / singleUnit / processAll",
    reading: "Values other than 0..2 break the CDDL; §9.1 also lists \"an unknown PartSemantics value\" as " +
      "malicious.",
  },
  "content.schema.disposition": {
    level: "MUST",
    section: "4.4",
    paraphrase: true,
    text: "disposition is an unsigned integer of 0..255 (baseDispos / $extDispos / unknownDispos = 9..255).",
  },
  "content.schema.external-part": {
    level: "MUST",
    section: "4.5",
    paraphrase: true,
    text: "ExternalPart fields have their CDDL types and sizes: expires uint .size 4, size uint .size 8, encAlg " +
      "uint .size 2, hashAlg uint .size 1, key / nonce / aad / contentHash bstr, contentType / url / " +
      "description / filename tstr.",
    reading: "`uint .size n` is read as a value that fits in n octets (encoded in its shortest form).",
  },
  "content.schema.multipart-min-parts": {
    level: "MUST",
    section: "4.4",
    text: "parts: [2* NestedPart]",
  },
  "content.message.salt-size": {
    level: "MUST",
    section: "4.1",
    text: "salt: bstr .size 16",
  },
  "content.message.message-id-size": {
    level: "MUST",
    section: "4.1",
    text: "MessageId = bstr .size 32",
  },
  "content.message-id.computation": {
    level: "MUST",
    section: "3.3",
    text: "hash_output = hash( senderUriLength || senderUri || roomUriLength || roomUri || message || salt ); " +
      "messageId = hashAlg || hash_output[0..30]",
    reading: "senderUri and roomUri are the authenticated sender's user URI and the room URI (equal to extension " +
      "keys 1 and 2 when present); message is the exact received CBOR; the lengths are 16-bit big-endian " +
      "octet counts of the UTF-8 URIs.",
  },
  "content.message-id.known-hash-alg": {
    level: "SHOULD",
    section: "9.1",
    text: "message IDs ... where the first octet of the message ID is an unknown hash algorithm. [These should " +
      "be logged and discarded.]",
    reading: "Applied to the replaces and inReplyTo references; only 0x01 (sha-256, the draft's default) is " +
      "known. The draft's \"should\" is lower case, so a target that keeps such a message gets warn, not fail.",
  },
  "content.limits.part-count": {
    level: "SHOULD",
    section: "9.1",
    text: "body ... has too many body parts (more than 1024) [should be logged and discarded]",
    reading: "Every NestedPart counts, MultiPart containers included, as in the implied part index (§4.4).",
  },
  "content.limits.topic-id-length": {
    level: "SHOULD",
    section: "9.1",
    text: "the topicId is very long (greater than 4096 octets) [should be logged and discarded]",
  },
  "content.limits.expiry-window": {
    level: "SHOULD",
    section: "9.1",
    text: "expires refers to a date more than a year in the past (only possible with absolute expiration) ... " +
      "refers to a date more than a year in the future (possible with both relative and absolute expiration)",
    reading: "Measured from the hub accepted timestamp; a year is taken as 366 days.",
  },
  "content.external.unencrypted-fields-empty": {
    level: "MUST",
    section: "4.5",
    text: "If the external URL is a service, or the external content is not considered private, the encAlg is " +
      "set to zero, and the key, nonce, and aad fields are zero length.",
    reading: "Descriptive in the draft; the suite treats a non-empty key, nonce or aad with encAlg 0 as malformed.",
  },
  "content.external.aes-128-gcm": {
    level: "MUST",
    section: "4.5",
    text: "Implementations of this specification MUST implement the AES-128-GCM algorithm.",
    reading: "encAlg 1 is AES-128-GCM (RFC 5116: 16-octet key, 12-octet nonce, 16-octet tag appended to the " +
      "ciphertext). Other encAlg values are outside what the suite can check.",
  },
  "content.external.integrity": {
    level: "MUST",
    section: "4.5",
    paraphrase: true,
    text: "The receiver uses the external content only when contentHash matches the bytes fetched from the URL " +
      "and the AEAD decryption with the part's key, nonce and aad succeeds.",
    reading: "The draft leaves open whether contentHash covers the ciphertext or the plaintext (\"hash of the " +
      "content at the target url\"); the suite reads it as the bytes stored at the URL, i.e. the ciphertext " +
      "with its tag. A tampered blob, a wrong key and a mismatched hash are refused alike.",
  },
  "content.external.hash-alg-known": {
    level: "MUST",
    section: "4.5",
    paraphrase: true,
    text: "hashAlg names an IANA Named Information hash algorithm; content whose hash cannot be computed cannot " +
      "be verified and is not used.",
  },
})
