import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite, CIPHER_SUITE_IDS } from "../../harness/protocol/mls/crypto/suites.ts"
import {
  decryptWithLabel, deriveSecret, deriveTreeSecret, encryptWithLabel, expandWithLabel, refHash, signWithLabel,
  verifyWithLabel,
} from "../../harness/protocol/mls/crypto/labeled.ts"

interface CryptoBasics {
  cipher_suite: number
  ref_hash: { label: string; value: string; out: string }
  expand_with_label: { secret: string; label: string; context: string; length: number; out: string }
  derive_secret: { secret: string; label: string; out: string }
  derive_tree_secret: { secret: string; label: string; generation: number; length: number; out: string }
  sign_with_label: { priv: string; pub: string; content: string; label: string; signature: string }
  encrypt_with_label: {
    priv: string; pub: string; label: string; context: string; plaintext: string; kem_output: string; ciphertext: string
  }
}

const vectors = loadVectorFile<CryptoBasics[]>("mls/crypto-basics.json")
const suiteOf = (id: number) => {
  const cs = cipherSuite(id)
  if (cs === undefined) throw new Error(`unknown suite ${id}`)
  return cs
}

describe("crypto-basics.json", () => {
  it("holds one case for each of the seven suites", () => {
    expect(vectors.map((v) => v.cipher_suite).sort()).toEqual([...CIPHER_SUITE_IDS])
  })

  describe.each(vectors.map((v) => [`cs=${v.cipher_suite}`, v] as const))("%s", (_id, v) => {
    const cs = suiteOf(v.cipher_suite)

    it("ref_hash, expand_with_label, derive_secret, derive_tree_secret", () => {
      expect(hex(refHash(cs, v.ref_hash.label, fromHex(v.ref_hash.value)))).toBe(v.ref_hash.out)
      const e = v.expand_with_label
      expect(hex(expandWithLabel(cs, fromHex(e.secret), e.label, fromHex(e.context), e.length))).toBe(e.out)
      expect(hex(deriveSecret(cs, fromHex(v.derive_secret.secret), v.derive_secret.label))).toBe(v.derive_secret.out)
      const t = v.derive_tree_secret
      expect(hex(deriveTreeSecret(cs, fromHex(t.secret), t.label, t.generation, t.length))).toBe(t.out)
    })

    it("sign_with_label verifies, our signature verifies, tampering fails", () => {
      const s = v.sign_with_label
      const [pub, content, sig] = [fromHex(s.pub), fromHex(s.content), fromHex(s.signature)]
      expect(hex(cs.signaturePublicKey(fromHex(s.priv))!)).toBe(s.pub)
      expect(verifyWithLabel(cs, pub, s.label, content, sig)).toBe(true)
      const ours = signWithLabel(cs, fromHex(s.priv), s.label, content)
      expect(verifyWithLabel(cs, pub, s.label, content, ours)).toBe(true)
      expect(verifyWithLabel(cs, pub, s.label + "x", content, sig)).toBe(false)
      const bad = sig.slice()
      bad[bad.length - 5]! ^= 1
      expect(verifyWithLabel(cs, pub, s.label, content, bad)).toBe(false)
      expect(verifyWithLabel(cs, pub, s.label, content, sig.subarray(0, sig.length - 1))).toBe(false)
    })

    it("encrypt_with_label decrypts, round-trips, tampering fails", () => {
      const x = v.encrypt_with_label
      const [priv, pub, context] = [fromHex(x.priv), fromHex(x.pub), fromHex(x.context)]
      expect(hex(cs.hpkePublicKey(priv)!)).toBe(x.pub)
      const pt = decryptWithLabel(cs, priv, x.label, context, fromHex(x.kem_output), fromHex(x.ciphertext))
      expect(pt && hex(pt)).toBe(x.plaintext)
      const sealed = encryptWithLabel(cs, pub, x.label, context, fromHex(x.plaintext))!
      const back = decryptWithLabel(cs, priv, x.label, context, sealed.kemOutput, sealed.ciphertext)
      expect(back && hex(back)).toBe(x.plaintext)
      const ct = fromHex(x.ciphertext)
      ct[0]! ^= 1
      expect(decryptWithLabel(cs, priv, x.label, context, fromHex(x.kem_output), ct)).toBeUndefined()
      expect(decryptWithLabel(cs, priv, x.label + "x", context, fromHex(x.kem_output), fromHex(x.ciphertext)))
        .toBeUndefined()
    })

    it("hpke export agrees between sender and receiver", () => {
      const x = v.encrypt_with_label
      const sent = cs.hpkeSendExport(fromHex(x.pub), fromHex(x.context), new Uint8Array(0), cs.hashLength)!
      const got = cs.hpkeReceiveExport(fromHex(x.priv), sent.kemOutput, fromHex(x.context), new Uint8Array(0),
        cs.hashLength)
      expect(got && hex(got)).toBe(hex(sent.secret))
    })
  })
})
