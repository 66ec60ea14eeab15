import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Requirements the provider scenarios judge that no other registry file states (the peer's view). */
export const scenarioRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.group.members-agree": {
    level: "MUST",
    section: "5.5",
    paraphrase: true,
    text:
      "Every client that joins or follows a room through what the hub fans out reaches the same epoch as the other " +
      "members: the same epoch_authenticator and the same exporter values (RFC 9420 §8.5, §8.7).",
    reading:
      "The suite compares the values its own oracle derived for each of its clients, after verifying the Welcome's " +
      "GroupInfo signature and confirmation tag, which bind them to the committer's key schedule.",
  },
  "mimi.peer.no-unexpected-calls": {
    level: "MUST",
    section: "5",
    paraphrase: true,
    text:
      "A provider calls a peer only on the endpoints its role uses: a hub sends notify and keyMaterial to a " +
      "follower, never update, submitMessage, groupInfo, reportAbuse or proxyDownload (those go to the hub).",
  },
})
