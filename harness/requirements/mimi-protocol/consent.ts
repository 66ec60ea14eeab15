import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Explicit consent (§5.7, §8) and the identifier query used before it (§5.8). */
export const consentRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.consent.request-acknowledged": {
    level: "MUST",
    section: "5.7",
    text:
      "The response to a requestConsent request is usually a 201 Accepted (indicating the requestConsent was " +
      "received), optionally a 404 Not Found (indicating the targetUri is unknown), or a 500-class response.",
    reading:
      "Paths: the directory says {targetUser}/{requesterUser}, §5.7 says {targetDomain}/{requesterDomain}; the " +
      "suite follows the directory template it discovers. Codes: 201, 404 or 5xx; 201 is read as the number.",
  },
  "mimi.consent.operation-matches-endpoint": {
    level: "MUST",
    section: "5.7",
    paraphrase: true,
    text:
      "requestConsent carries a ConsentEntry with consentOperation request or cancel; updateConsent carries grant " +
      "or revoke.",
    reading: "An entry with the other endpoint's operation is malformed and refused (4xx).",
  },
  "mimi.consent.cancel-same-scope": {
    level: "MUST",
    section: "5.7",
    text:
      "A cancel MUST use the same ConsentScope as a previous request. [...] in response to a cancel which has no " +
      "request matching the ConsentScope, a 201 Accepted is sent and no further action is taken.",
  },
  "mimi.consent.domains": {
    level: "MUST",
    section: "5.7",
    text:
      "For a requestContent, the targetUri needs to be in one of the domains of the receiving provider, and the " +
      "requesterUri needs to be in one of the domains of the sending provider.",
    reading: "updateConsent mirrors this; an entry naming users of other domains is refused (4xx) and has no effect.",
  },
  "mimi.consent.update-acknowledged": {
    level: "MUST",
    section: "5.7",
    text:
      "The response to an updateConsent is usually a 201 Accepted (indicating the updateConsent was received), " +
      "optionally a 404 Not Found (indicating the requesterUri is unknown), or a 500-class response.",
  },
  "mimi.consent.key-material-requires-consent": {
    level: "MUST",
    section: "5.2",
    text:
      "noConsent indicates that the requester does not have consent to fetch key material for the target user. " +
      "[...] noConsentForThisRoom indicates that the target user might have allowed a request for another room, " +
      "but does not for this room.",
    reading:
      "After a revoke, keyMaterial for that requester returns noConsent (or noConsentForThisRoom for a room-scoped " +
      "revoke) and an empty clients list.",
  },
  "mimi.identifier.response-code": {
    level: "MUST",
    section: "5.8",
    text:
      "success means that at least one result matched the query. notFound means that while the request was " +
      "acceptable, no results matched the query.",
  },
})
