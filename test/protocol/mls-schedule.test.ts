import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { encodeGroupContext } from "../../harness/protocol/mls/codec/group-context.ts"
import {
  advanceEpoch, externalKeyPair, mlsExporter, type EpochSecrets,
} from "../../harness/protocol/mls/schedule/key-schedule.ts"
import { derivePskSecret } from "../../harness/protocol/mls/schedule/psk.ts"

const suite = (id: number) => cipherSuite(id)!

interface KeyScheduleEpoch {
  tree_hash: string; commit_secret: string; psk_secret: string; confirmed_transcript_hash: string
  group_context: string; joiner_secret: string; welcome_secret: string; init_secret: string
  sender_data_secret: string; encryption_secret: string; exporter_secret: string; epoch_authenticator: string
  external_secret: string; confirmation_key: string; membership_key: string; resumption_psk: string
  external_pub: string; exporter: { label: string; context: string; length: number; secret: string }
}
interface KeyScheduleCase {
  cipher_suite: number; group_id: string; initial_init_secret: string; epochs: KeyScheduleEpoch[]
}

const keySchedule = loadVectorFile<KeyScheduleCase[]>("mls/key-schedule.json")

const SECRET_FIELDS: [keyof KeyScheduleEpoch, keyof EpochSecrets][] = [
  ["joiner_secret", "joinerSecret"], ["welcome_secret", "welcomeSecret"], ["init_secret", "initSecret"],
  ["sender_data_secret", "senderDataSecret"], ["encryption_secret", "encryptionSecret"],
  ["exporter_secret", "exporterSecret"], ["epoch_authenticator", "epochAuthenticator"],
  ["external_secret", "externalSecret"], ["confirmation_key", "confirmationKey"],
  ["membership_key", "membershipKey"], ["resumption_psk", "resumptionPsk"],
]

describe("key-schedule.json", () => {
  it("has 7 cases with 35 epochs in all", () => {
    expect(keySchedule.length).toBe(7)
    expect(keySchedule.reduce((n, c) => n + c.epochs.length, 0)).toBe(35)
  })

  it.each(keySchedule.map((c) => [`cs=${c.cipher_suite}`, c] as const))("%s: every epoch", (_id, c) => {
    const cs = suite(c.cipher_suite)
    let initSecret = fromHex(c.initial_init_secret)
    let checked = 0
    c.epochs.forEach((e, i) => {
      const gc = encodeGroupContext({
        version: 1, cipherSuite: c.cipher_suite, groupId: fromHex(c.group_id), epoch: BigInt(i),
        treeHash: fromHex(e.tree_hash), confirmedTranscriptHash: fromHex(e.confirmed_transcript_hash), extensions: [],
      })
      expect(hex(gc)).toBe(e.group_context)
      const s = advanceEpoch(cs, initSecret, fromHex(e.commit_secret), fromHex(e.psk_secret), gc)
      for (const [field, key] of SECRET_FIELDS) expect(`${field}=${hex(s[key])}`).toBe(`${field}=${e[field] as string}`)
      expect(hex(externalKeyPair(cs, s.externalSecret).publicKey)).toBe(e.external_pub)
      const x = e.exporter // the vector's label is the hex text itself, used as the label string
      expect(hex(mlsExporter(cs, s.exporterSecret, x.label, fromHex(x.context), x.length))).toBe(x.secret)
      initSecret = s.initSecret
      checked++
    })
    expect(checked).toBe(c.epochs.length)
  })

  it("a different commit secret changes every epoch secret (the check can fail)", () => {
    const c = keySchedule[0]!
    const e = c.epochs[0]!
    const cs = suite(c.cipher_suite)
    const commit = fromHex(e.commit_secret)
    commit[0]! ^= 1
    const s = advanceEpoch(cs, fromHex(c.initial_init_secret), commit, fromHex(e.psk_secret), fromHex(e.group_context))
    expect(hex(s.epochAuthenticator)).not.toBe(e.epoch_authenticator)
  })
})

interface PskCase {
  cipher_suite: number; psks: { psk_id: string; psk: string; psk_nonce: string }[]; psk_secret: string
}
const pskCases = loadVectorFile<PskCase[]>("mls/psk_secret.json")

describe("psk_secret.json", () => {
  it("has 77 cases", () => expect(pskCases.length).toBe(77))

  const named = pskCases.map((c, i) => [`cs=${c.cipher_suite} #${i} (${c.psks.length} psks)`, c] as const)
  it.each(named)("%s", (_id, c) => {
    const psks = c.psks.map((p) => ({
      id: { pskType: "external" as const, pskId: fromHex(p.psk_id), pskNonce: fromHex(p.psk_nonce) },
      psk: fromHex(p.psk),
    }))
    expect(hex(derivePskSecret(suite(c.cipher_suite), psks))).toBe(c.psk_secret)
    if (psks.length > 1) {
      expect(hex(derivePskSecret(suite(c.cipher_suite), [...psks].reverse()))).not.toBe(c.psk_secret)
    }
  })
})
