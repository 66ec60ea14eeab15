import { describe, expect, test } from "vitest"
import { loadWelcomeCases } from "../../harness/vectors/mls-passive.ts"
import { signedGroupInfo } from "../../suites/rfc9420/vectors/signed-group-info.ts"
import { createTsMlsClient } from "../../targets/ts-mls/client.ts"

describe("the suite's own check of a decrypted GroupInfo", async () => {
  const [c] = loadWelcomeCases()
  const opened = await createTsMlsClient().openWelcome(c!)
  if (!opened.ok) throw new Error(opened.detail)
  const groupInfo = opened.value.groupInfo

  test("holds for the GroupInfo as decrypted", () => {
    expect(signedGroupInfo(1, c!.signerPub, groupInfo)).toMatchObject({ ok: true })
  })

  test("fails for a flipped signature byte", () => {
    const bad = Uint8Array.from(groupInfo)
    bad[bad.length - 1]! ^= 0x01
    const finding = signedGroupInfo(1, c!.signerPub, bad)
    expect(finding).toMatchObject({ ok: false, actual: expect.stringContaining("does not verify") })
  })

  test("fails for another signer key", () => {
    const other = Uint8Array.from(c!.signerPub)
    other[0]! ^= 0x01
    expect(signedGroupInfo(1, other, groupInfo)).toMatchObject({ ok: false })
  })

  test("fails with the decode error for truncated bytes", () => {
    const finding = signedGroupInfo(1, c!.signerPub, groupInfo.subarray(0, groupInfo.length - 5))
    expect(finding).toMatchObject({ ok: false, actual: expect.stringContaining("undecodable bytes: E_") })
  })
})
