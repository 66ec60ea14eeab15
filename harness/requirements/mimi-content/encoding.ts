import { defineRequirements } from "../define.ts"
import { MIMI_CONTENT } from "./document.ts"

/** CBOR encoding, data model and depth restrictions (§3.1, §4.3, §6). */
export const encodingRequirements = defineRequirements(MIMI_CONTENT, {
  "content.encoding.well-formed": {
    level: "MUST",
    section: "6.1",
    text: "MIMI content documents MUST be encoded using CBOR \"deterministic\" serialization as defined in " +
      "Section 4.2.1 of [RFC8949].",
    reading: "A message must be exactly one well-formed CBOR data item: no truncation, no trailing bytes, no " +
      "reserved additional information, no two-byte simple value below 32.",
  },
  "content.encoding.definite-length": {
    level: "MUST",
    section: "6.1",
    text: "never using indefinite length encoding of byte strings, text strings, arrays, and maps",
  },
  "content.encoding.shortest-form": {
    level: "MUST",
    section: "6.1",
    text: "using the shortest CBOR encoding of integers, tags, and floats, and the shortest encoding of the length " +
      "of byte strings, text strings, arrays, and maps. representing bigints as regular integers when they fit",
    reading: "Floats follow RFC 8949 §4.2.1 (shortest float that keeps the value; a float is not turned into an " +
      "integer), unlike dCBOR. A tag 2/3 bignum of 8 octets or fewer, or with a leading zero octet, is refused.",
  },
  "content.encoding.map-key-order": {
    level: "MUST",
    section: "6.1",
    text: "sorting map keys according to the third bullet point of that section",
    reading: "Keys sort bytewise by their deterministic encoding (RFC 8949 §4.2.1), not in the RFC 7049 canonical " +
      "(length-first) order that the draft forbids (it writes \"RFC7094\", a typo for RFC 7049).",
  },
  "content.data-model.utf8": {
    level: "MUST",
    section: "6.2",
    text: "text strings used anywhere inside MIMI content MUST be valid UTF-8 sequences.",
  },
  "content.data-model.nan": {
    level: "MUST",
    section: "6.2",
    text: "the only floating point NaN values permitted are the half-width quiet NaN (CBOR encoding 0xF97E00), or " +
      "floating point values inside tags 80-87",
    reading: "Typed arrays (tags 80-87) carry floats inside byte strings, which the reader never inspects, so " +
      "every NaN outside a byte string must be f97e00.",
  },
  "content.data-model.integer-key-range": {
    level: "MUST",
    section: "6.2",
    text: "integer keys MUST be representable as a double float without loss of precision: uints " +
      "0..9007199254740991 (2^53 - 1), and negints (-(2^53) + 1) -9007199254740991..-1",
  },
  "content.data-model.extension-key-type": {
    level: "MUST",
    section: "6.2",
    text: "map keys for MIMI content extensions MUST be either integers, or text strings up to 255 octets long",
    reading: "§4.3 also requires at least 1 octet for a text key (name = int / tstr .size (1..255)).",
  },
  "content.data-model.nested-key-type": {
    level: "MUST",
    section: "6.2",
    text: "map keys for any maps at any level of nesting inside a MIMI content extension MUST only be integers, " +
      "text strings, or byte strings.",
  },
  "content.depth.nested-parts": {
    level: "MUST",
    section: "6.3",
    text: "NestedParts MUST NOT be nested more than 4-levels deep.",
    reading: "The top-level nestedPart is level 1, so a part inside a fourth-level MultiPart (level 5) is " +
      "refused; the draft's own multipart-3 example reaches level 4 and is valid.",
  },
  "content.depth.extensions": {
    level: "MUST",
    section: "6.3",
    text: "MIMI content extensions MUST NOT contain any combination of tags, maps, or arrays at more than 4 " +
      "levels of depth.",
    reading: "As in the draft's example: the extensions map is level 1 and each tag, map or array inside adds one.",
  },
  "content.extensions.unique-key": {
    level: "MUST",
    section: "4.3",
    text: "The message content mimiExtensions field MUST NOT include more than one extension field with the same " +
      "map key.",
    reading: "A repeated key in any map of the message is refused under this rule.",
  },
  "content.extensions.uri-types": {
    level: "MUST",
    section: "4.3",
    paraphrase: true,
    text: "Extension keys 1 (senderUri) and 2 (roomUri), when present, carry text strings (? &(senderUri: 1) ^ => " +
      "tstr, ? &(roomUri: 2) ^ => tstr).",
  },
})
