import { diffieHellman, randomBytes } from "node:crypto"
import { concat, uint16, utf8 } from "./bytes.ts"
import { hkdfExpand, hkdfExtract, type HashName } from "./hash.ts"
import { curves, importPrivate, importPublic, type Curve } from "./keys.ts"

/** DHKEM (RFC 9180 §4.1) over X25519, X448, P-256, P-384 and P-521 on node:crypto. */
export interface Kem {
  readonly id: number
  readonly curve: Curve
  readonly hash: HashName
  /** Nsecret, Npk (= Nenc), Nsk. */
  readonly secretLength: number
  readonly publicKeyLength: number
  readonly privateKeyLength: number
  deriveKeyPair(ikm: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array }
  /** undefined when the public key is invalid or the DH output is all-zero. */
  encap(publicKey: Uint8Array): { sharedSecret: Uint8Array; enc: Uint8Array } | undefined
  decap(enc: Uint8Array, privateKey: Uint8Array): Uint8Array | undefined
  publicKeyOf(privateKey: Uint8Array): Uint8Array | undefined
}

const HPKE_V1 = utf8("HPKE-v1")

export function labeledExtract(hash: HashName, suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array) {
  return hkdfExtract(hash, salt, concat(HPKE_V1, suiteId, utf8(label), ikm))
}

export function labeledExpand(
  hash: HashName, suiteId: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number,
): Uint8Array {
  return hkdfExpand(hash, prk, concat(uint16(length), HPKE_V1, suiteId, utf8(label), info), length)
}

/** Group orders of the NIST curves, for the rejection sampling of DeriveKeyPair (§7.1.3). */
const ORDERS: Partial<Record<Curve, bigint>> = {
  "P-256": 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  "P-384": 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  "P-521": BigInt("0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
}

function dhkem(id: number, curve: Curve, hash: HashName, secretLength: number): Kem {
  const suiteId = concat(utf8("KEM"), uint16(id))
  const { publicLength, privateLength } = curves[curve]
  const order = ORDERS[curve]
  const empty = new Uint8Array(0)

  function deriveKeyPair(ikm: Uint8Array) {
    const prk = labeledExtract(hash, suiteId, empty, "dkp_prk", ikm)
    let sk: Uint8Array | undefined
    if (order === undefined) sk = labeledExpand(hash, suiteId, prk, "sk", empty, privateLength)
    else {
      for (let counter = 0; counter < 256 && sk === undefined; counter++) {
        const bytes = labeledExpand(hash, suiteId, prk, "candidate", Uint8Array.of(counter), privateLength)
        bytes[0]! &= curve === "P-521" ? 0x01 : 0xff
        const n = BigInt("0x" + Buffer.from(bytes).toString("hex"))
        if (n !== 0n && n < order) sk = bytes
      }
      if (sk === undefined) throw new Error("DeriveKeyPairError")
    }
    const imported = importPrivate(curve, sk)
    if (imported === undefined) throw new Error("DeriveKeyPairError")
    return { privateKey: sk, publicKey: imported.publicKey }
  }

  function extractAndExpand(dh: Uint8Array, kemContext: Uint8Array): Uint8Array {
    const prk = labeledExtract(hash, suiteId, empty, "eae_prk", dh)
    return labeledExpand(hash, suiteId, prk, "shared_secret", kemContext, secretLength)
  }

  function dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
    const sk = importPrivate(curve, privateKey)
    const pk = importPublic(curve, publicKey)
    if (sk === undefined || pk === undefined) return undefined
    try {
      // OpenSSL refuses an all-zero X25519/X448 output (RFC 9180 §7.1.4), which lands here.
      return new Uint8Array(diffieHellman({ privateKey: sk.key, publicKey: pk }))
    } catch {
      return undefined
    }
  }

  return {
    id, curve, hash, secretLength, publicKeyLength: publicLength, privateKeyLength: privateLength,
    deriveKeyPair,
    encap(publicKey) {
      const ephemeral = deriveKeyPair(new Uint8Array(randomBytes(privateLength)))
      const shared = dh(ephemeral.privateKey, publicKey)
      if (shared === undefined) return undefined
      const enc = ephemeral.publicKey
      return { sharedSecret: extractAndExpand(shared, concat(enc, publicKey)), enc }
    },
    decap(enc, privateKey) {
      const sk = importPrivate(curve, privateKey)
      const shared = sk && dh(privateKey, enc)
      if (sk === undefined || shared === undefined) return undefined
      return extractAndExpand(shared, concat(enc, sk.publicKey))
    },
    publicKeyOf(privateKey) {
      return importPrivate(curve, privateKey)?.publicKey
    },
  }
}

export const kems: Record<number, Kem> = {
  0x0010: dhkem(0x0010, "P-256", "sha256", 32),
  0x0011: dhkem(0x0011, "P-384", "sha384", 48),
  0x0012: dhkem(0x0012, "P-521", "sha512", 64),
  0x0020: dhkem(0x0020, "X25519", "sha256", 32),
  0x0021: dhkem(0x0021, "X448", "sha512", 64),
}
