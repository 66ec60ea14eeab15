import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** Asset download through the hub (§5.10). */
export const assetRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.assets.proxy-implemented": {
    level: "MUST",
    section: "5.10.2",
    text: "The hub is REQUIRED to implement this mechanism.",
  },
  "mimi.assets.no-open-proxy": {
    level: "MUST",
    section: "5.10.2",
    text:
      "The hub MUST verify that the host part of the downloadUrl is associated with the asset server domain for " +
      "one of its peer providers. This prevents the hub from becoming an open proxy.",
    reading:
      "downloadUrl is the whole path remainder after proxyDownload/, percent-decoded once; it must be an https URL " +
      "with no userinfo whose host equals a peer's asset domain (port ignored). Anything else is refused with an " +
      "HTTP error and never fetched.",
  },
  "mimi.assets.proxy-returns-content": {
    level: "MUST",
    section: "5.10.2",
    text: "If the request succeeds, the response body contains the contents of the downloaded URL.",
  },
})
