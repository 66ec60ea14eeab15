import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** submitMessage (§5.4) and fan-out through notify (§5.5). */
export const messageRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.submit.private-application": {
    level: "MUST",
    section: "5.4",
    text:
      "If the protocol is MLS 1.0, the request body (appMessage) is an MLSMessage with a WireFormat of " +
      "PrivateMessage, and a content_type of application.",
  },
  "mimi.submit.sender-active": {
    level: "MUST",
    section: "5.4",
    text:
      "The sendingUri is a valid URI of the sender and is an active participant in the room (a user URI in the " +
      "participant list of the room).",
    reading: "A submitMessage whose sendingUri is not an active participant is answered notAllowed and not fanned out.",
  },
  "mimi.submit.epoch-too-old": {
    level: "MUST",
    section: "5.4",
    text:
      "epochTooOld indicates that the hub provider is using a new MLS epoch for the group. The currentEpoch is " +
      "provided in the response.",
    reading:
      "SubmitResponseCode defines accepted(0) while the select names `case success`; the suite reads both as " +
      "value 0. A message for an epoch the hub no longer accepts is answered epochTooOld with the hub's epoch.",
  },
  "mimi.submit.future-epoch-not-allowed": {
    level: "MUST",
    section: "5.4",
    text:
      "notAllowed indicates that some type of policy or authorization prevented the hub provider from accepting " +
      "the UpdateRequest. This could include nonsensical inputs such as an MLS epoch more recent than the hub's.",
  },
  "mimi.fanout.accepted-delivered": {
    level: "MUST",
    section: "5.5",
    text:
      "A client which receives a success to either an UpdateRoomResponse or a SubmitMessageResponse can view this " +
      "as a commitment from the hub provider that the message will eventually be distributed to the group.",
  },
  "mimi.fanout.active-members": {
    level: "MUST",
    section: "5.5",
    text:
      "If the hub provider accepts an application or handshake message (proposal or commit) message, it forwards " +
      "that message to all other providers with active participants in the room and all local clients which are " +
      "active members.",
  },
  "mimi.fanout.welcome-to-key-package-owners": {
    level: "MUST",
    section: "5.5",
    text:
      "An MLS Welcome message is sent to the providers and local users associated with the KeyPackageRef values " +
      "in the secrets array of the Welcome.",
    reading: "Exactly those providers receive the Welcome: no provider without one of its KeyPackageRefs gets it.",
  },
  "mimi.fanout.proposals-before-commit": {
    level: "MUST",
    section: "4.2",
    text:
      "Encoding room state changes in MLS proposals ensures that a client will not process a commit that confirms " +
      "a state change before processing the state change itself.",
    reading:
      "Proposals referenced by a commit reach each follower before that commit (room-policy operational policy).",
  },
  "mimi.fanout.commit-before-epoch": {
    level: "MUST",
    section: "5.5",
    text:
      "One can think of fanning a message out as presenting an ordered list of MLS-protected events to the next " +
      "\"hop\" toward the receiving client.",
    reading:
      "The commit that starts an epoch reaches a follower before any message of that epoch, and commits arrive in " +
      "epoch order (RFC 9750 §7, cited by the room-policy draft).",
  },
  "mimi.fanout.notify-created": {
    level: "MUST",
    section: "5.5",
    text:
      "The HTTP response code indicates if the messages in the request were accepted (201 response code), or if " +
      "there was an error.",
    reading: "The draft writes \"201 Accepted\"; 201 is Created in HTTP. The suite requires the number, 201.",
  },
  "mimi.fanout.duplicate-notify-accepted": {
    level: "MUST",
    section: "5.5",
    text:
      "If a follower server receives a duplicate request to the /notify endpoint, in the sense of a request from " +
      "the same hub server with the same request body as a previous /notify request, then the follower server " +
      "MUST return a 201 Accepted response.",
  },
  "mimi.fanout.duplicate-notify-ignored": {
    level: "SHOULD",
    section: "5.5",
    text:
      "In such cases, the follower server SHOULD process only the first request; subsequent duplicate requests " +
      "SHOULD be ignored (despite the success response).",
  },
  "mimi.fanout.retry": {
    level: "SHOULD",
    section: "5.5",
    text:
      "If the hub server does not contain an HTTP 201 response code, then it SHOULD retry the request, respecting " +
      "any guidance provided by the server in HTTP header fields such as Retry-After.",
  },
  "mimi.fanout.more-proposals-unchanged": {
    level: "MUST",
    section: "5.5",
    text:
      "The moreProposals list in a FanoutMessage MUST be the same as the corresponding moreProposals list in the " +
      "HandshakeBundle of an UpdateRequest.",
  },
  "mimi.fanout.removed-client-gets-commit": {
    level: "SHOULD",
    section: "5.5",
    text:
      "Clients that are being removed SHOULD receive the corresponding Commit message, so they can recognize that " +
      "they have been removed and clean up their internal state.",
  },
  "mimi.fanout.no-replay": {
    level: "MUST",
    section: "5.5",
    paraphrase: true,
    text:
      "A message is delivered to each client at most once: a replayed submitMessage or a duplicate notify body " +
      "does not produce a second delivery.",
    reading: "Combines the notify deduplication of §5.5 with RFC 9420's one-use generation keys (§9.2).",
  },
  "mimi.fanout.out-of-order-delivered": {
    level: "SHOULD",
    section: "5.5",
    paraphrase: true,
    text: "Application messages of the current epoch that reach the hub out of order are still accepted and delivered.",
    reading:
      "Application messages need not be strictly ordered (transport design requirements); only handshake order is " +
      "strict.",
  },
})
