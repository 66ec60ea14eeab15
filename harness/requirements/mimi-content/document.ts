import type { SpecDocument } from "../define.ts"

/** draft-ietf-mimi-content-08, the document the `mimi-content` profile pins. */
export const MIMI_CONTENT: SpecDocument = {
  doc: "draft-ietf-mimi-content-08",
  profile: "mimi-content",
  url: "https://www.ietf.org/archive/id/draft-ietf-mimi-content-08.html#section-",
}
