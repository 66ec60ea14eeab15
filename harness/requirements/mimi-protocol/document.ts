import type { SpecDocument } from "../define.ts"

/** draft-ietf-mimi-protocol-06 (25 April 2026), the document the `mimi-protocol` profile pins. */
export const MIMI_PROTOCOL: SpecDocument = {
  doc: "draft-ietf-mimi-protocol-06",
  profile: "mimi-protocol",
  url: "https://www.ietf.org/archive/id/draft-ietf-mimi-protocol-06.html#section-",
}
