import type { Requirement } from "./define.ts"
import { passiveRequirements } from "./rfc9420/passive.ts"

/** Every requirement the suite knows. `check()` accepts only these IDs. */
export const registry = {
  ...passiveRequirements,
} as const

export type RequirementId = keyof typeof registry

export function requirement(id: string): Requirement | undefined {
  return (registry as Record<string, Requirement>)[id]
}

export function allRequirements(): Requirement[] {
  return Object.values(registry as Record<string, Requirement>)
}
