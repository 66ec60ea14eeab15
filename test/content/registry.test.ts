import { describe, expect, it } from "vitest"
import { CONTENT_RULES } from "../../harness/protocol/content/index.ts"
import { mimiContentRequirements, type MimiContentId } from "../../harness/requirements/mimi-content/index.ts"

// compile-time: every rule the content package reports is a registered ID
const reported: readonly MimiContentId[] = CONTENT_RULES

describe("mimi-content requirement registry", () => {
  const entries = Object.values(mimiContentRequirements)

  it("registers every rule the content package can report", () => {
    for (const rule of reported) expect(Object.keys(mimiContentRequirements), rule).toContain(rule)
  })

  it("pins draft-ietf-mimi-content-08 with a section, a level and text for every entry", () => {
    for (const r of entries) {
      expect(r.id).toMatch(/^content\.[a-z0-9-]+\.[a-z0-9-]+$/)
      expect(r).toMatchObject({ doc: "draft-ietf-mimi-content-08", profile: "mimi-content" })
      expect(r.section).toMatch(/^\d+(\.\d+)*$/)
      expect(r.text.length).toBeGreaterThan(10)
      expect(r.link).toBe(`https://www.ietf.org/archive/id/draft-ietf-mimi-content-08.html#section-${r.section}`)
    }
  })

  it("records a reading where the draft is ambiguous", () => {
    for (const id of [
      "content.depth.nested-parts", "content.external.integrity", "content.semantics.reaction-has-target",
      "content.message-id.computation", "content.encoding.map-key-order",
    ] as const) {
      expect(mimiContentRequirements[id].reading, id).toBeTruthy()
    }
  })
})
