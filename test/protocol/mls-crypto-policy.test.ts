import { createPublicKey, verify as nodeVerify } from "node:crypto"
import { describe, expect, it } from "vitest"
import { concat, fromHex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { isSmallOrderEncoding, strictEcdsaDer } from "../../harness/protocol/mls/crypto/signature.ts"
import { ed25519 } from "@noble/curves/ed25519.js"
import { ed448 } from "@noble/curves/ed448.js"

const suite = (id: number) => cipherSuite(id)!
const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n
const msg = new TextEncoder().encode("policy")

function leToBytes(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return out
}

describe("Ed25519 verification is RFC 8032 strict", () => {
  const cs = suite(1)
  const priv = fromHex("11".repeat(32))
  const pub = cs.signaturePublicKey(priv)!
  const sig = cs.sign(priv, msg)

  it("accepts a valid signature", () => expect(cs.verify(pub, msg, sig)).toBe(true))

  it("rejects S + L (non-canonical S)", () => {
    let s = 0n
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!)
    const mauled = concat(sig.subarray(0, 32), leToBytes(s + ED25519_L, 32))
    expect(cs.verify(pub, msg, mauled)).toBe(false)
  })

  it("rejects the identity key that OpenSSL alone would accept", () => {
    const identity = fromHex("01" + "00".repeat(31))
    const forged = concat(identity, new Uint8Array(32))
    const jwk = { kty: "OKP", crv: "Ed25519", x: Buffer.from(identity).toString("base64url") }
    const key = createPublicKey({ key: jwk, format: "jwk" })
    expect(nodeVerify(null, msg, key, forged)).toBe(true)
    expect(cs.verify(identity, msg, forged)).toBe(false)
  })

  it("rejects a non-canonical public key encoding and a wrong length", () => {
    const nonCanonical = fromHex("ee" + "ff".repeat(30) + "7f")
    expect(cs.verify(nonCanonical, msg, sig)).toBe(false)
    expect(cs.verify(pub.subarray(1), msg, sig)).toBe(false)
  })

  it("rejects a non-canonical R (y ≥ p)", () => {
    const badR = concat(fromHex("ee" + "ff".repeat(30) + "7f"), sig.subarray(32))
    expect(cs.verify(pub, msg, badR)).toBe(false)
  })
})

describe("the small-order blocklist", () => {
  it("holds every torsion point of both curves (checked with @noble/curves, fixed seed)", () => {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff
    for (const [curve, size] of [[ed25519, 32], [ed448, 57]] as const) {
      const order = curve.Point.Fn.ORDER
      let found = 0
      for (let i = 0; i < 300; i++) {
        let p
        try {
          p = curve.Point.fromBytes(Uint8Array.from({ length: size }, next), true)
        } catch {
          continue
        }
        const torsion = p.multiplyUnsafe(order - 1n).add(p)
        expect(isSmallOrderEncoding(torsion.toBytes())).toBe(true)
        found++
      }
      expect(found).toBeGreaterThan(50)
    }
  })

  it("refuses a canonical y that is not on the curve", () => {
    const cs = suite(1)
    const sig = cs.sign(fromHex("11".repeat(32)), msg)
    let y = 2
    let offCurve: Uint8Array | undefined
    while (offCurve === undefined) {
      const candidate = leToBytes(BigInt(y++), 32)
      try {
        ed25519.Point.fromBytes(candidate)
      } catch {
        offCurve = candidate
      }
    }
    expect(cs.verify(offCurve, msg, sig)).toBe(false)
  })
})

describe("Ed448 verification is strict", () => {
  const cs = suite(4)
  const priv = fromHex("22".repeat(57))
  const pub = cs.signaturePublicKey(priv)!
  it("accepts valid, rejects the identity key and a high S", () => {
    const sig = cs.sign(priv, msg)
    expect(cs.verify(pub, msg, sig)).toBe(true)
    expect(cs.verify(fromHex("01" + "00".repeat(56)), msg, concat(fromHex("01" + "00".repeat(56)), new Uint8Array(57))))
      .toBe(false)
    const highS = sig.slice()
    highS[113] = 0x01
    expect(cs.verify(pub, msg, highS)).toBe(false)
  })
})

describe("ECDSA verification takes strict DER and on-curve SEC1 points", () => {
  for (const id of [2, 5, 7]) {
    const cs = suite(id)
    const priv = cs.deriveKeyPair(fromHex("33".repeat(32))).privateKey
    const pub = cs.signaturePublicKey(priv)!
    const sig = cs.sign(priv, msg)
    it(`cs=${id}: valid verifies; trailing byte, padded INTEGER, off-curve and compressed keys fail`, () => {
      expect(cs.verify(pub, msg, sig)).toBe(true)
      expect(cs.verify(pub, msg, concat(sig, Uint8Array.of(0)))).toBe(false)
      const offCurve = pub.slice()
      offCurve[offCurve.length - 1]! ^= 1
      expect(cs.verify(offCurve, msg, sig)).toBe(false)
      const x = pub.subarray(1, 1 + (pub.length - 1) / 2)
      const compressed = concat(Uint8Array.of(2 + (pub[pub.length - 1]! & 1)), x)
      expect(cs.verify(compressed, msg, sig)).toBe(false)
    })
  }

  it("strictEcdsaDer rejects non-minimal encodings and out-of-range integers", () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
    expect(strictEcdsaDer(fromHex("3006020101020101"), n)).toBe(true)
    expect(strictEcdsaDer(fromHex("300702020001020101"), n)).toBe(false) // leading zero not needed
    expect(strictEcdsaDer(fromHex("3006020181020101"), n)).toBe(false) // negative r
    expect(strictEcdsaDer(fromHex("3006020100020101"), n)).toBe(false) // r = 0
    expect(strictEcdsaDer(fromHex("308106020101020101"), n)).toBe(false) // long form for a short length
    expect(strictEcdsaDer(fromHex("3007020101020101"), n)).toBe(false) // length past the end
    expect(strictEcdsaDer(fromHex("3023022100" + "ff".repeat(32) + "020101"), n)).toBe(false) // r ≥ n
  })
})

describe("HPKE", () => {
  it("refuses a small-order X25519 public key and an invalid P-256 point", () => {
    expect(suite(1).hpkeSeal(new Uint8Array(32), msg, msg, msg)).toBeUndefined()
    expect(suite(2).hpkeSeal(concat(Uint8Array.of(4), new Uint8Array(64)), msg, msg, msg)).toBeUndefined()
  })

  it("DeriveKeyPair is deterministic and yields a usable key pair for every suite", () => {
    for (let id = 1; id <= 7; id++) {
      const cs = suite(id)
      const a = cs.deriveKeyPair(fromHex("44".repeat(32)))
      expect(cs.deriveKeyPair(fromHex("44".repeat(32)))).toEqual(a)
      expect(a.publicKey.length).toBe(cs.hpkePublicKeyLength)
      const sealed = cs.hpkeSeal(a.publicKey, msg, msg, msg)!
      expect(cs.hpkeOpen(a.privateKey, sealed.kemOutput, msg, msg, sealed.ciphertext)).toEqual(msg)
    }
  })
})
