import { encodingRequirements } from "./encoding.ts"
import { messageRequirements } from "./message.ts"
import { semanticsRequirements } from "./semantics.ts"

export { MIMI_CONTENT } from "./document.ts"

/** Every draft-ietf-mimi-content-08 requirement the suite checks (profile `mimi-content`). */
export const mimiContentRequirements = {
  ...encodingRequirements,
  ...messageRequirements,
  ...semanticsRequirements,
} as const

export type MimiContentId = keyof typeof mimiContentRequirements
