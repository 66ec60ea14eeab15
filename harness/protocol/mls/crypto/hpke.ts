import { concat, uint16, utf8 } from "./bytes.ts"
import type { Aead } from "./aead.ts"
import { hashLengths, type HashName } from "./hash.ts"
import { labeledExpand, labeledExtract, type Kem } from "./kem.ts"

/** HPKE base mode (RFC 9180 §5.1), single-shot: sequence number 0 only, as MLS uses it. */
export interface Hpke {
  seal(publicKey: Uint8Array, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array):
    { kemOutput: Uint8Array; ciphertext: Uint8Array } | undefined
  open(privateKey: Uint8Array, kemOutput: Uint8Array, info: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array):
    Uint8Array | undefined
  /** SetupBaseS + Export (external init, §12.4.3.2 of RFC 9420). */
  sendExport(publicKey: Uint8Array, info: Uint8Array, exporterContext: Uint8Array, length: number):
    { kemOutput: Uint8Array; secret: Uint8Array } | undefined
  /** SetupBaseR + Export. */
  receiveExport(privateKey: Uint8Array, kemOutput: Uint8Array, info: Uint8Array, exporterContext: Uint8Array,
    length: number): Uint8Array | undefined
}

interface Context {
  key: Uint8Array
  nonce: Uint8Array
  exporterSecret: Uint8Array
}

export function hpke(kem: Kem, kdfId: number, kdfHash: HashName, aead: Aead): Hpke {
  const suiteId = concat(utf8("HPKE"), uint16(kem.id), uint16(kdfId), uint16(aead.id))
  const empty = new Uint8Array(0)
  const nh = hashLengths[kdfHash]

  function keySchedule(sharedSecret: Uint8Array, info: Uint8Array): Context {
    const pskIdHash = labeledExtract(kdfHash, suiteId, empty, "psk_id_hash", empty)
    const infoHash = labeledExtract(kdfHash, suiteId, empty, "info_hash", info)
    const context = concat(Uint8Array.of(0), pskIdHash, infoHash)
    const secret = labeledExtract(kdfHash, suiteId, sharedSecret, "secret", empty)
    return {
      key: labeledExpand(kdfHash, suiteId, secret, "key", context, aead.keyLength),
      nonce: labeledExpand(kdfHash, suiteId, secret, "base_nonce", context, aead.nonceLength),
      exporterSecret: labeledExpand(kdfHash, suiteId, secret, "exp", context, nh),
    }
  }

  const exportSecret = (ctx: Context, exporterContext: Uint8Array, length: number) =>
    labeledExpand(kdfHash, suiteId, ctx.exporterSecret, "sec", exporterContext, length)

  return {
    seal(publicKey, info, aad, plaintext) {
      const e = kem.encap(publicKey)
      if (e === undefined) return undefined
      const ctx = keySchedule(e.sharedSecret, info)
      return { kemOutput: e.enc, ciphertext: aead.seal(ctx.key, ctx.nonce, aad, plaintext) }
    },
    open(privateKey, kemOutput, info, aad, ciphertext) {
      const shared = kem.decap(kemOutput, privateKey)
      if (shared === undefined) return undefined
      const ctx = keySchedule(shared, info)
      return aead.open(ctx.key, ctx.nonce, aad, ciphertext)
    },
    sendExport(publicKey, info, exporterContext, length) {
      const e = kem.encap(publicKey)
      if (e === undefined) return undefined
      return { kemOutput: e.enc, secret: exportSecret(keySchedule(e.sharedSecret, info), exporterContext, length) }
    },
    receiveExport(privateKey, kemOutput, info, exporterContext, length) {
      const shared = kem.decap(kemOutput, privateKey)
      if (shared === undefined) return undefined
      return exportSecret(keySchedule(shared, info), exporterContext, length)
    },
  }
}
