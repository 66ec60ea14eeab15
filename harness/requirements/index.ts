import type { Requirement } from "./define.ts"
import { mimiContentRequirements } from "./mimi-content/index.ts"
import { mimiProtocolRequirements } from "./mimi-protocol/index.ts"
import { commitRequirements } from "./rfc9420/commit.ts"
import { oracleRequirements } from "./rfc9420/crypto.ts"
import { passiveRequirements } from "./rfc9420/passive.ts"
import { validationRequirements } from "./rfc9420/validation.ts"
import { signalRequirements } from "./signal/session.ts"

/** Every requirement the suite knows. `check()` accepts only these IDs. */
export const registry = {
  ...passiveRequirements,
  ...oracleRequirements,
  ...validationRequirements,
  ...commitRequirements,
  ...mimiProtocolRequirements,
  ...mimiContentRequirements,
  ...signalRequirements,
} as const

export type RequirementId = keyof typeof registry

export function requirement(id: string): Requirement | undefined {
  return (registry as Record<string, Requirement>)[id]
}

export function allRequirements(): Requirement[] {
  return Object.values(registry as Record<string, Requirement>)
}
