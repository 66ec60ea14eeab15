import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** update: handshake messages to the hub, its ordering and its policy checks (§5.3, §7). */
export const handshakeRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.handshake.one-commit-per-epoch": {
    level: "MUST",
    section: "7.1",
    text:
      "the Hub is the arbiter that decides if a state change is valid, consistent with the room's then-current " +
      "policy. [...] As soon as the Hub accepts an event that changes the room state, its effect is applied to " +
      "the room state and future events are validated in the context of that new state.",
    reading:
      "Of several otherwise valid commits for one epoch the hub accepts exactly one (the first) and fans out only " +
      "that one; RFC 9750 §5.2 (strongly consistent delivery) states the same for the delivery service.",
  },
  "mimi.handshake.wrong-epoch": {
    level: "MUST",
    section: "5.3",
    text:
      "wrongEpoch indicates that the hub provider is using a different epoch. The currentEpoch is provided in the " +
      "response.",
    reading:
      "A commit for an epoch the hub has left is answered wrongEpoch with currentEpoch equal to the hub's epoch.",
  },
  "mimi.handshake.participant-add-with-commit": {
    level: "MUST",
    section: "5.3",
    text:
      "When adding a user, the proposal containing the participant list change MUST be committed either before " +
      "or simultaneously with the corresponding MLS operation.",
  },
  "mimi.handshake.remove-all-clients": {
    level: "MUST",
    section: "5.3",
    text:
      "Removing an active user from a participant list or banning an active participant likewise also happen " +
      "simultaneously with any MLS changes made to the commit removing the participant.",
    reading:
      "The commit that removes a user from the participant list removes every client of that user (room policy " +
      "canRemoveParticipant: no client of the removed user stays in the group after that commit).",
  },
  "mimi.handshake.removed-user-cut-off": {
    level: "MUST",
    section: "5.3",
    text:
      "A hub provider which observes that an active participant has been removed or banned from the room, MUST " +
      "prevent any of its clients from sending or receiving any additional application messages in the " +
      "corresponding MLS group; MUST prevent any of those clients from sending Commit messages in that group; and " +
      "MUST prevent it from sending any proposals except for Remove and SelfRemove [I-D.ietf-mls-extensions] " +
      "proposals for its users in that group.",
  },
  "mimi.handshake.validated-before-fanout": {
    level: "MUST",
    section: "7.1",
    text:
      "All state-changing events are sent to the Hub and checked for their validity and policy conformance, " +
      "before they are forwarded to any follower servers or local clients.",
    reading:
      "A commit that the members would reject is refused by the hub and never fanned out, as far as a hub " +
      "that is not a group member can tell: it checks the FramedContent signature, the public part of the " +
      "UpdatePath against its ratchet tree (path length, the new leaf's signature and source, the parent-hash " +
      "chain, RFC 9420 §7.9), the proposals and the participant list against the MLS membership. Membership " +
      "tags and encrypted path secrets need the epoch's secrets: those the members reject.",
  },
  "mimi.handshake.cached-proposals-committed": {
    level: "MUST",
    section: "7.3",
    text:
      "However, only clients can send commits, which contain all valid previously sent proposals and apply them " +
      "to the MLS group state.",
    reading:
      "The hub refuses a commit that leaves out a proposal it accepted in the same epoch. The draft names no " +
      "code; the suite accepts any non-success UpdateResponseCode (notAllowed or invalidProposal).",
  },
  "mimi.handshake.participant-list-single-change": {
    level: "MUST",
    section: "7.5",
    text:
      "A single commit is not valid if it contain any combination of Participant list updates that operate on " +
      "(add, remove, or change the role of) the same user in the participant list more than once.",
  },
  "mimi.handshake.single-metadata-update": {
    level: "MUST",
    section: "7.6",
    text: "Only a single Room metadata update is valid per commit.",
  },
  "mimi.handshake.external-senders": {
    level: "MUST",
    section: "7.4",
    text:
      "Each MLS group associated with a MIMI room MUST therefore contain an external_senders extension. That " +
      "extension MUST contain at least the Certificate of the Hub.",
  },
  "mimi.handshake.response-codes": {
    level: "MUST",
    section: "5.3",
    text:
      "success indicates the UpdateRequest was accepted and will be distributed. [...] notAllowed indicates that " +
      "some type of policy or authorization prevented the hub provider from accepting the UpdateRequest. " +
      "invalidProposal indicates that at least one proposal is invalid. A list of invalidProposals is provided in " +
      "the response.",
  },
})
