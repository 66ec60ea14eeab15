import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Message franking (§5.4.1) and abuse reports (§5.9). */
export const frankingRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.franking.tag-in-aad": {
    level: "MUST",
    section: "5.4.1.1",
    text:
      "franking_tag = HMAC_SHA256( salt, application_data) [...] The client includes the franking_tag in the " +
      "Additional Authenticated Data of the MLS PrivateMessage using the frank_aad Safe AAD component.",
    reading:
      "application_data is the MIMI content bytes exactly as encrypted (the suite does not use content " +
      "advertisement, so there is no ApplicationFraming); frank_aad is SafeAAD item 0x0020 holding 32 bytes.",
  },
  "mimi.franking.frank-returned": {
    level: "MUST",
    section: "5.4",
    text:
      "If a franking_tag was included in the frank_aad component Section 10.1 in the PrivateMessage Additional " +
      "Authenticated Data (AAD) in the request, the server attempts to frank the message and includes the " +
      "server_frank in a successful response",
    reading:
      "With a franking_agent in the GroupContext, an accepted franked message gets a Frank in the response and in " +
      "its FanoutMessage.",
  },
  "mimi.franking.ciphersuite-matches-group": {
    level: "MUST",
    section: "5.4.1.2",
    text: "The franking_signature_ciphersuite is the MLS cipher suite in use at the time the message is franked.",
  },
  "mimi.franking.agent-matches-hub": {
    level: "MUST",
    section: "5.4.1.3",
    text:
      "the client looks for the franking_agent application component in the GroupContext. It verifies the domain " +
      "name in the franking_agent.credential corresponds to the domain of the Hub, and extracts the " +
      "franking_signature_key.",
    reading:
      "The component is named franking_agent in §5.4.1 and franking_signature_key in §10.2; both mean ID 0x0021 " +
      "holding FrankingAgentData.",
  },
  "mimi.franking.signature-valid": {
    level: "MUST",
    section: "5.4.1.3",
    text:
      "VerifyWithLabel(franking_signature_key, \"FrankingIntegrityTBS\", FrankingIntegrityTBS, " +
      "franking_integrity_signature)",
    reading:
      "The context is rebuilt from the sender URI inside the decrypted content, the room of the message and the " +
      "accepted timestamp; `franking_tag || context` and the TBS use the TLS encoding of ServerFrankingContext.",
  },
  "mimi.franking.tag-matches-content": {
    level: "MUST",
    section: "5.4.1.3",
    text:
      "Finally it verifies the construction of the franking_tag from the content format of the message (including " +
      "the embedded salt)",
  },
  "mimi.franking.sender-matches-credential": {
    level: "MUST",
    section: "5.4.1.3",
    text:
      "that the sender's identity in its credential in its MLS LeafNode matches the sender_uri asserted in the " +
      "extensions map inside the MIMI Content",
  },
  "mimi.franking.room-matches": {
    level: "MUST",
    section: "5.4.1.3",
    text:
      "and that the room_uri asserted in the extensions map inside the MIMI Content matches the room ID in the " +
      "received message.",
  },
  "mimi.franking.sender-not-disclosed": {
    level: "MUST",
    section: "5.4.1.4",
    text:
      "The hub never sends the identity of the sender to receivers, since this would be observed by follower " +
      "providers.",
  },
  "mimi.abuse.hub-only": {
    level: "MUST",
    section: "5.9",
    text: "Abuse reports are only sent to the hub provider.",
  },
  "mimi.abuse.valid-report-accepted": {
    level: "MUST",
    section: "5.9",
    text: "There is no response body. The response code only indicates if the abuse report was accepted",
    reading: "A report whose AbusiveMessages all carry a valid frank is accepted with a 2xx status.",
  },
  "mimi.abuse.content-has-franked-fields": {
    level: "MUST",
    section: "5.9",
    text:
      "To validate an allegedly AbusiveMessage, the hub finds the salt, sender URI, and room URI inside the " +
      "message_content",
  },
  "mimi.abuse.room-matches": {
    level: "MUST",
    section: "5.9",
    paraphrase: true,
    text: "The room URI inside message_content is the room of the reportAbuse request path.",
    reading:
      "The draft takes the room URI from the content; a message from another room cannot be reported in this one.",
  },
  "mimi.abuse.server-frank-matches": {
    level: "MUST",
    section: "5.9",
    text:
      "and the accepted_timestamp to recalculate the franking_tag and context. Then the hub selects its relevant " +
      "hub_key to regenerate the server_frank.",
    reading:
      "A report whose content, timestamp or tag does not reproduce the frank's server_frank is refused (4xx); this " +
      "catches altered content, an altered timestamp and a tag that never matched the content.",
  },
  "mimi.abuse.signature-valid": {
    level: "MUST",
    section: "5.9",
    text:
      "Finally the hub verifies its franking_integrity_signature using the signature algorithm embedded in the " +
      "franking_signature_ciphersuite.",
  },
})
