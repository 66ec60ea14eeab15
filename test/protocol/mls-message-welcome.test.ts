import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { decodeMlsMessage, type Welcome } from "../../harness/protocol/mls/codec/index.ts"
import { keyPackageRef, openWelcome, verifyGroupInfo } from "../../harness/protocol/mls/message/welcome.ts"
import { encodeGroupInfo, encodeGroupSecrets } from "../../harness/protocol/mls/codec/index.ts"
import { encryptWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import { deriveWelcomeSecret, welcomeKeyNonce } from "../../harness/protocol/mls/schedule/key-schedule.ts"

interface WelcomeCase {
  cipher_suite: number; init_priv: string; signer_pub: string; key_package: string; welcome: string
}
const cases = loadVectorFile<WelcomeCase[]>("mls/welcome.json")

function welcomeOf(hex: string): Welcome {
  const m = decodeMlsMessage(fromHex(hex))
  if (!m.ok || m.value.wireFormat !== "mls_welcome") throw new Error("not a Welcome")
  return m.value.welcome
}

const noPsk = () => undefined

describe("welcome.json", () => {
  it("has 7 cases", () => expect(cases.length).toBe(7))

  describe.each(cases.map((c) => [`cs=${c.cipher_suite}`, c] as const))("%s", (_id, c) => {
    const cs = cipherSuite(c.cipher_suite)!
    // The KeyPackage is wrapped in an MLSMessage: version (2) and wire_format (2) come first.
    const ref = keyPackageRef(cs, fromHex(c.key_package).subarray(4))
    const welcome = welcomeOf(c.welcome)

    it("decrypts, the confirmation tag and the GroupInfo signature verify", () => {
      const opened = openWelcome(cs, welcome, ref, fromHex(c.init_priv), noPsk)
      if (!opened.ok) throw new Error(`${opened.rule}: ${opened.detail}`)
      expect(verifyGroupInfo(cs, opened.value.groupInfo, fromHex(c.signer_pub))).toEqual({ ok: true, value: true })
    })

    it("fails with the right rule on each mutation", () => {
      const priv = fromHex(c.init_priv)
      expect(openWelcome(cs, welcome, ref.map((b) => b ^ 1), priv, noPsk))
        .toMatchObject({ rule: "mls.welcome.key-package-listed" })
      expect(openWelcome(cs, welcome, ref, cs.deriveKeyPair(fromHex("77".repeat(32))).privateKey, noPsk))
        .toMatchObject({ rule: "mls.welcome.group-secrets-decrypt" })
      const gi = welcome.encryptedGroupInfo.slice()
      gi[gi.length - 1]! ^= 1
      // The encrypted GroupInfo is the HPKE context of the group secrets, so they fail first.
      expect(openWelcome(cs, { ...welcome, encryptedGroupInfo: gi }, ref, priv, noPsk))
        .toMatchObject({ rule: "mls.welcome.group-secrets-decrypt" })
      expect(openWelcome(cs, { ...welcome, cipherSuite: (cs.id % 7) + 1 }, ref, priv, noPsk))
        .toMatchObject({ rule: "mls.welcome.cipher-suite-matches" })
      const opened = openWelcome(cs, welcome, ref, priv, noPsk)
      if (!opened.ok) throw new Error(opened.rule)
      const info = opened.value.groupInfo
      expect(verifyGroupInfo(cs, { ...info, signer: info.signer + 1 }, fromHex(c.signer_pub)))
        .toMatchObject({ rule: "mls.welcome.group-info-signature-valid" })
    })

    it("rejects a re-encrypted GroupInfo whose confirmation tag is wrong", () => {
      const priv = fromHex(c.init_priv)
      const opened = openWelcome(cs, welcome, ref, priv, noPsk)
      if (!opened.ok) throw new Error(opened.rule)
      const { groupInfo, groupSecrets } = opened.value
      const bad = { ...groupInfo, confirmationTag: groupInfo.confirmationTag.map((b) => b ^ 1) }
      const { key, nonce } = welcomeKeyNonce(cs, deriveWelcomeSecret(cs, groupSecrets.joinerSecret, undefined))
      const encryptedGroupInfo = cs.aeadSeal(key, nonce, new Uint8Array(0), encodeGroupInfo(bad))
      const initPub = cs.hpkePublicKey(priv)!
      const sealed = encryptWithLabel(cs, initPub, "Welcome", encryptedGroupInfo, encodeGroupSecrets(groupSecrets))!
      const forged = {
        cipherSuite: cs.id, encryptedGroupInfo,
        secrets: [{ newMember: ref, encryptedGroupSecrets: sealed }],
      }
      expect(openWelcome(cs, forged, ref, priv, noPsk)).toMatchObject({ rule: "mls.welcome.confirmation-tag-valid" })
      const goodInfo = cs.aeadSeal(key, nonce, new Uint8Array(0), encodeGroupInfo(groupInfo))
      const good = { ...forged, encryptedGroupInfo: goodInfo }
      const resealed = encryptWithLabel(cs, initPub, "Welcome", goodInfo, encodeGroupSecrets(groupSecrets))!
      good.secrets[0]!.encryptedGroupSecrets = { kemOutput: resealed.kemOutput, ciphertext: resealed.ciphertext }
      expect(openWelcome(cs, good, ref, priv, noPsk).ok).toBe(true)
    })
  })
})
