import { defineRequirements } from "../define.ts"
import { MIMI_CONTENT } from "./document.ts"

/** What a receiving client does with replies, edits, deletes and reactions (§4.1, §5, §9.1, §9.3). */
export const semanticsRequirements = defineRequirements(MIMI_CONTENT, {
  "content.semantics.sender-matches": {
    level: "MUST",
    section: "9.1",
    paraphrase: true,
    text: "A message whose apparent sender is not the authenticated sender (or whose room is not the room it " +
      "arrived in) is discarded.",
    reading: "§9.1 lists an apparent sender that is not a group member; the suite extends it to extension keys 1 " +
      "(senderUri) and 2 (roomUri) that differ from the MLS-authenticated sender and the room, since the message " +
      "ID would otherwise be computed over a claim the receiver cannot trust.",
  },
  "content.semantics.duplicate-id": {
    level: "SHOULD",
    section: "9.1",
    text: "message IDs which duplicate another message ID already encountered [should be logged and discarded]",
  },
  "content.semantics.edit-author-only": {
    level: "MUST",
    section: "9.3",
    text: "Receiving clients MUST NOT allow parties other than the original sender of a message to edit or delete " +
      "that message, unless there is a specific, concrete authorization policy which allows it.",
    reading: "No room policy is modelled, so only the original sender may edit, delete or un-react. Removing a " +
      "reaction (§5.7) is a delete of the reaction message and follows the same rule.",
  },
  "content.semantics.edit-nested-part-only": {
    level: "MUST",
    section: "9.3",
    text: "even the original sender of a message MUST NOT be able to change the semantics of any other portion of " +
      "the message except for the contents of the NestedPart, without specific authorization.",
    reading: "A replacement must keep the original's topicId, inReplyTo and expires; the draft's edit, delete and " +
      "unlike examples all do.",
  },
  "content.semantics.replaces-first-instance": {
    level: "MUST",
    section: "5.5",
    text: "If the same message is placed more than once, the replaces data field refers to the message ID of the " +
      "first instance of the message.",
    reading: "A replaces that names a message which is itself a replacement is refused.",
  },
  "content.semantics.reply-no-loop": {
    level: "MUST",
    section: "4.1",
    text: "When replying, a client MUST NOT knowingly create a sequence of replies which create a loop.",
    reading: "The receiver follows the inReplyTo chain through the messages it knows and discards a message whose " +
      "chain comes back to an ID already seen. References to unknown IDs end the walk and are legitimate (§9.1).",
  },
  "content.semantics.reaction-has-target": {
    level: "SHOULD",
    section: "5.3",
    text: "A reaction looks like a reply, but uses the Disposition token of reaction.",
    reading: "A message whose top-level part has the reaction disposition needs an inReplyTo to react to; without " +
      "one it is discarded. The draft contradicts itself here: its multiple-reactions example (Appendix B.2) " +
      "has inReplyTo null. The suite follows §5.3, so the level is SHOULD.",
  },
})
