import { assetRequirements } from "./assets.ts"
import { assetPolicyRequirements } from "./assets-policy.ts"
import { consentRequirements } from "./consent.ts"
import { frankingRequirements } from "./franking.ts"
import { handshakeRequirements } from "./handshake.ts"
import { keyMaterialRequirements } from "./key-material.ts"
import { messageRequirements } from "./messages.ts"
import { multiDeviceRequirements } from "./multi-device.ts"
import { scenarioRequirements } from "./scenarios.ts"
import { transportRequirements } from "./transport.ts"

export { MIMI_PROTOCOL } from "./document.ts"

/** Every draft-ietf-mimi-protocol-06 requirement the suite checks (profile `mimi-protocol`). */
export const mimiProtocolRequirements = {
  ...transportRequirements,
  ...keyMaterialRequirements,
  ...handshakeRequirements,
  ...messageRequirements,
  ...multiDeviceRequirements,
  ...frankingRequirements,
  ...assetRequirements,
  ...assetPolicyRequirements,
  ...consentRequirements,
  ...scenarioRequirements,
} as const

export type MimiProtocolId = keyof typeof mimiProtocolRequirements
