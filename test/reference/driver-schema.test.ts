import { describe, expect, it } from "vitest"
import { DRIVER_OPERATIONS } from "../../targets/driver/types.ts"
import { driverSchema } from "../../targets/driver/schema.ts"
import { validateDriver } from "../../targets/driver/validate.ts"
import { faultCatalogue } from "../../targets/reference/index.ts"
import { mimiProtocolRequirements } from "../../harness/requirements/mimi-protocol/index.ts"

describe("driver API schema", () => {
  it("is versioned and defines a request and a response for every operation", () => {
    expect(driverSchema.version).toBe("1.0")
    expect(driverSchema.$id.endsWith("/driver/1.0")).toBe(true)
    for (const op of DRIVER_OPERATIONS) {
      expect(driverSchema.$defs, op).toHaveProperty(`${op}Request`)
      expect(driverSchema.$defs, op).toHaveProperty(`${op}Response`)
    }
  })

  it("accepts well-formed messages and refuses malformed ones with the reason", () => {
    expect(validateDriver("createRoomRequest", { client: "mimi://hub.example/d/alice/1", name: "r" })).toBeUndefined()
    expect(validateDriver("createRoomRequest", { client: "alice", name: "r" })).toMatch(/pattern/)
    expect(validateDriver("createRoomRequest", { client: "mimi://hub.example/d/alice/1" })).toMatch(/name/)
    expect(validateDriver("createRoomRequest", { client: "mimi://h/d/a/1", name: "r", extra: 1 })).toMatch(/additional/)
    const sent = { status: "accepted", messageId: "01ab" }
    expect(validateDriver("sendMessageResponse", sent)).toBeUndefined()
    expect(validateDriver("sendMessageResponse", { ...sent, messageId: "not hex" })).toMatch(/pattern/)
    expect(validateDriver("sendMessageResponse", { ...sent, status: "maybe" })).toMatch(/allowed values/)
    expect(validateDriver("noSuchThing", {})).toMatch(/no schema definition/)
  })
})

describe("fault catalogue", () => {
  it("names only registered mimi-protocol requirements", () => {
    const known = new Set(Object.keys(mimiProtocolRequirements))
    for (const f of faultCatalogue) for (const id of f.requirements) expect(known.has(id), `${f.id}: ${id}`).toBe(true)
  })
})
