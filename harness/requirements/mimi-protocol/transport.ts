import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Transport (§4.1), discovery (§5.1) and the framing shared by every endpoint (§5). */
export const transportRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.transport.mutual-tls": {
    level: "MUST",
    section: "4.1",
    text: "The TLS connection underlying the HTTPS connection MUST be mutually authenticated.",
  },
  "mimi.transport.certificate-authenticates-domain": {
    level: "MUST",
    section: "4.1",
    text:
      "The certificates presented in the TLS handshake MUST authenticate the source and target provider " +
      "domains, according to [RFC6125].",
  },
  "mimi.transport.from-header": {
    level: "MUST",
    section: "4.1",
    text:
      "The source provider is indicated using a From header [RFC9110]. The mailbox production in the From " +
      "header MUST use the addr-spec variant, and the local-part of the address MUST contain the fixed string mimi.",
  },
  "mimi.transport.from-matches-certificate": {
    level: "MUST",
    section: "4.1",
    text:
      "The HTTP request MUST identify the source and target providers for the request [...] The certificates " +
      "presented in the TLS handshake MUST authenticate the source and target provider domains",
    reading:
      "The draft does not say what a receiver does when the From domain differs from the domain the client " +
      "certificate authenticates. The suite reads the two MUSTs together: such a request is refused (4xx) and " +
      "has no effect.",
  },
  "mimi.transport.host-header": {
    level: "MUST",
    section: "4.1",
    text:
      "The target provider is indicated using a Host header [RFC9110]. If the provider is using a non-standard " +
      "port, then the port component of the Host header is ignored.",
  },
  "mimi.transport.directory-discovery": {
    level: "MUST",
    section: "5.1",
    text:
      "The directory URL is discovered using the mimi-protocol-directory well-known URI. The response is a JSON " +
      "document with URIs for each type of endpoint.",
    reading:
      "The draft's example is not valid JSON (\"proxyDownload\" lacks its colon) and writes update{roomId} " +
      "without a slash. The suite requires a JSON object whose members are https URL templates for the ten " +
      "endpoints, each with exactly the variable of §5.1 ({targetUser}, {roomId}, {requesterUser}, {domain}, " +
      "{downloadUrl}; requestConsent and updateConsent may use §5.7's {targetDomain} and {requesterDomain} " +
      "instead), and accepts update with or without the slash before {roomId}. Percent-encoding is " +
      "unspecified: an identifier fills its variable without the mimi:// scheme, each / separated segment " +
      "percent-encoded (as in the flows' /notify/a.example/r/clubhouse); a downloadUrl is one percent-encoded " +
      "segment.",
  },
  "mimi.transport.body-well-formed": {
    level: "MUST",
    section: "5",
    text:
      "The syntax of the MIMI protocol messages are described using the TLS presentation language format " +
      "(Section 3 of [RFC8446]).",
    reading:
      "Every request and response body decodes as exactly one struct of its endpoint (MLS encoding rules of " +
      "RFC 9420 §2.1: minimal varints, presence bytes 0/1, no bytes left over). Where -06 is loose the suite " +
      "reads: `string` as opaque<V> UTF-8; `RoomId` as IdentifierUri; `optional T` as optional<T>; " +
      "UpdateRequest and FanoutMessage carry no protocol byte (the room's protocol, mls10); FanoutMessage's " +
      "select on wire_format as application = PrivateMessage, welcome = Welcome, proposal/commit = PublicMessage " +
      "with that content_type; handshake messages must be PublicMessages (SemiPrivateMessage has no RFC 9420 " +
      "wire format yet) and moreProposals/externalProposals hold proposals only; RatchetTreeOption `full` is the " +
      "ratchet_tree extension body (optional<Node> nodes<V>); AbuseType, which defines no value yet, is any byte; " +
      "a notify body is one or more FanoutMessages back to back.",
  },
  "mimi.transport.malformed-refused": {
    level: "MUST",
    section: "5",
    paraphrase: true,
    text: "A provider refuses a request body that does not decode as its endpoint's struct, and it has no effect.",
    reading:
      "The draft names no error for malformed bodies; the suite expects an HTTP 4xx (the reference answers 400 " +
      "with a reason) and checks that nothing was stored or delivered.",
  },
})
