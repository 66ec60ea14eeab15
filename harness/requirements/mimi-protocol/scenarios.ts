import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Requirements the provider scenarios judge that no other registry file states (the peer's view). */
export const scenarioRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.peer.no-unexpected-calls": {
    level: "MUST",
    section: "5",
    paraphrase: true,
    text:
      "A provider calls a peer only on the endpoints its role uses: a hub sends notify and keyMaterial to a " +
      "follower, never update, submitMessage, groupInfo, reportAbuse or proxyDownload (those go to the hub).",
  },
})
