/** The reference provider's reading of the room's AssetPolicy (room-policy-03 §6.4): limits per kind, media types. */
import { describe, expect, test } from "vitest"
import { assetPolicyProblem } from "../../targets/reference/local/asset-policy.ts"

describe("assetPolicyProblem", () => {
  test("the limit follows the media type's kind; an unset limit is none", () => {
    const p = { maxImage: 10, maxAudio: 20, maxVideo: 30, maxAttachment: 40 }
    expect(assetPolicyProblem(p, "image/png", 10)).toBeUndefined()
    expect(assetPolicyProblem(p, "image/png", 11)).toMatch(/limit of 10/)
    expect(assetPolicyProblem(p, "audio/ogg", 21)).toMatch(/limit of 20/)
    expect(assetPolicyProblem(p, "video/mp4", 31)).toMatch(/limit of 30/)
    expect(assetPolicyProblem(p, "application/pdf", 41)).toMatch(/limit of 40/)
    expect(assetPolicyProblem({ maxAttachment: 40 }, "image/png", 1_000_000)).toBeUndefined()
  })

  test("a permitted list admits only its entries; an entry without parameters matches any parameters", () => {
    const p = { permittedMediaTypes: ["application/pdf", "text/plain;charset=utf-8"] }
    expect(assetPolicyProblem(p, "application/pdf", 1)).toBeUndefined()
    expect(assetPolicyProblem(p, "Application/PDF; version=1.7", 1)).toBeUndefined()
    expect(assetPolicyProblem(p, "text/plain; charset=utf-8", 1)).toBeUndefined()
    expect(assetPolicyProblem(p, "text/plain;charset=latin1", 1)).toMatch(/not permitted/)
    expect(assetPolicyProblem(p, "application/x-msdownload", 1)).toMatch(/not permitted/)
  })

  test("a forbidden entry refuses even a permitted type", () => {
    const p = { forbiddenMediaTypes: ["image/svg+xml"], permittedMediaTypes: ["image/svg+xml", "image/png"] }
    expect(assetPolicyProblem(p, "image/svg+xml", 1)).toMatch(/forbidden/)
    expect(assetPolicyProblem(p, "image/png", 1)).toBeUndefined()
    expect(assetPolicyProblem({}, "anything/at-all", 1)).toBeUndefined()
  })
})
