import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** groupInfo and external joins (§5.6), and users with several clients (§7.5). */
export const multiDeviceRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.group-info.signed-by-hub": {
    level: "MUST",
    section: "5.6",
    text:
      "/* SignWithLabel(hub_sender.signature_key, \"GroupInfoResponseTBS\", GroupInfoResponseTBS) */ opaque " +
      "signature<V>;",
    reading:
      "The signature verifies under hub_sender.signature_key, and hub_sender is in the group's external_senders.",
  },
  "mimi.group-info.encrypted-to-requester": {
    level: "MUST",
    section: "5.6",
    text:
      "If successful, the response body contains the GroupInfo, a way to get the ratchet_tree, and a list of any " +
      "pending proposals for the epoch, all encrypted with the groupInfoPublcKey passed in the request.",
    reading:
      "encrypted_groupinfo_and_tree opens with DecryptWithLabel(groupInfoPublicKey's private key, \"GroupInfo and " +
      "ratchet_tree encryption\", room_id) and holds a GroupInfoRatchetTreeTBE whose GroupInfo verifies.",
  },
  "mimi.group-info.not-authorized": {
    level: "MUST",
    section: "5.6",
    text: "notAuthorized indicates that the requester was not authorized to access the GroupInfo.",
    reading:
      "A requester with no right to join gets notAuthorized (or noSuchRoom for an unknown room) and no GroupInfo.",
  },
  "mimi.group-info.no-such-room": {
    level: "MAY",
    section: "5.6",
    text:
      "noSuchRoom indicates that the requested room does not exist. If the hub does not want to reveal if a room ID " +
      "does not exist it can use notAuthorized instead.",
  },
  "mimi.group-info.request-signature-verified": {
    level: "MUST",
    section: "5.6",
    text:
      "/* SignWithLabel(requestingSignatureKey, \"GroupInfoRequestTBS\", GroupInfoRequestTBS) */ opaque " +
      "signature<V>;",
    reading:
      "GroupInfoRequestTBS has `optional opaque joiningCode<V>` but GroupInfoRequest has `opaque joiningCode<V>`. " +
      "The suite encodes joiningCode in both as optional<opaque<V>> (presence byte, then the vector), so that the " +
      "TBS is the request minus the signature as in every other signed MIMI struct. A request whose signature does " +
      "not verify gets no GroupInfo.",
  },
  "mimi.group-info.tree-not-embedded": {
    level: "MUST",
    section: "5.6",
    text: "GroupInfo groupInfo;   /* without embedded ratchet_tree */",
  },
  "mimi.multi-device.external-join": {
    level: "MUST",
    section: "5.6",
    text:
      "In MIMI, external joins are accomplished by fetching the MLS GroupInfo for a room's MLS group, and then " +
      "sending an external commit incorporating the GroupInfo.",
    reading: "A new client of a participant joins by groupInfo then an external commit to update; the hub accepts it.",
  },
  "mimi.multi-device.same-user-identity": {
    level: "MUST",
    section: "7.5",
    text:
      "In a room that has multiple MLS clients per \"user\", the identifier for each user in participants.user is " +
      "the same across all that user's clients in the room. Note that each user has a single role at any point in " +
      "time, and therefore all clients of the same user also have the same role.",
  },
  "mimi.multi-device.all-clients-receive": {
    level: "MUST",
    section: "5.5",
    text:
      "it forwards that message to all other providers with active participants in the room and all local clients " +
      "which are active members.",
    reading:
      "Every client of a participant decrypts the same messages; removing one client leaves the others receiving.",
  },
})
