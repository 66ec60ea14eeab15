import { describe, expect, it } from "vitest"
import { fromHex as h, toHex } from "../../harness/protocol/signal/bytes.ts"
import { computeFingerprint } from "../../harness/protocol/signal/fingerprint.ts"
import { chainStep, hkdf } from "../../harness/protocol/signal/kdf.ts"
import { agree, publicKeyOf } from "../../harness/protocol/signal/keys.ts"
import { keyPairOf } from "../../harness/protocol/signal/session.ts"
import { replayTranscript, type TranscriptSet } from "../../harness/protocol/signal/transcript.ts"
import { x3dhAlice, x3dhBob } from "../../harness/protocol/signal/x3dh.ts"
import { xeddsaVerify } from "../../harness/protocol/signal/xeddsa.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

type Hexes = Record<string, Record<string, string>>
const te = new TextEncoder()
const flip = (hex: string, i: number) => {
  const b = h(hex)
  b[i]! ^= 1
  return b
}

describe("HKDF (libsignal-protocol-java HKDFTest)", () => {
  const v = loadVectorFile<Hexes>("signal/java-hkdf.json")
  it.for(Object.keys(v))("%s", (name) => {
    const c = v[name]!
    const start = name.includes("V2") ? 0 : 1
    expect(toHex(hkdf(h(c.ikm!), h(c.salt!), h(c.info!), c.okm!.length / 2, start))).toBe(c.okm)
    expect(toHex(hkdf(flip(c.ikm!, 0), h(c.salt!), h(c.info!), c.okm!.length / 2, start))).not.toBe(c.okm)
  })
})

describe("chain keys (libsignal-protocol-java ChainKeyTest)", () => {
  const v = loadVectorFile<Hexes>("signal/java-chain-key.json")
  it.for(Object.keys(v))("%s", (name) => {
    const c = v[name]!
    const step = chainStep(h(c.seed!), name.endsWith("V2") ? 2 : 3)
    expect(toHex(step.messageKeys.cipherKey)).toBe(c.messageKey)
    expect(toHex(step.messageKeys.macKey)).toBe(c.macKey)
    expect(toHex(step.next)).toBe(c.nextChainKey)
    expect(toHex(chainStep(flip(c.seed!, 31)).next)).not.toBe(c.nextChainKey)
  })
})

describe("X3DH chain keys (libsignal ratchet.rs, last published version)", () => {
  const v = loadVectorFile<Hexes>("signal/rust-ratcheting-session.json")
  it("Bob's first sending chain", () => {
    const b = v.test_ratcheting_session_as_bob!
    const derive = (theirBaseKey: Uint8Array) => x3dhBob({
      ourIdentity: keyPairOf(h(b.bob_identity_private!)), ourSignedPreKey: keyPairOf(h(b.bob_signed_prekey_private!)),
      theirIdentity: h(b.alice_identity_public!), theirBaseKey,
    }).chainKey
    expect(toHex(derive(h(b.alice_base_public!)))).toBe(b.expected_sender_chain)
    expect(toHex(derive(flip(b.alice_base_public!, 5)))).not.toBe(b.expected_sender_chain)
  })
  it("Alice's first receiving chain", () => {
    const a = v.test_ratcheting_session_as_alice!
    const derive = (theirSignedPreKey: Uint8Array) => x3dhAlice({
      ourIdentity: keyPairOf(h(a.alice_identity_private!)), ourBaseKey: keyPairOf(h(a.alice_base_private!)),
      theirIdentity: h(a.bob_identity_public!), theirSignedPreKey,
    }).chainKey
    expect(toHex(derive(h(a.bob_signed_prekey_public!)))).toBe(a.expected_receiver_chain)
    expect(toHex(derive(flip(a.bob_signed_prekey_public!, 5)))).not.toBe(a.expected_receiver_chain)
  })
})

describe.for([
  ["signal/java-curve25519.json", "testAgreement", "testSignature"],
  ["signal/c-curve25519.json", "test_curve25519_agreement", "test_curve25519_signature"],
] as const)("Curve25519 and XEdDSA (%s)", ([file, agreement, signature]) => {
  const v = loadVectorFile<Hexes>(file)
  it("agreement is symmetric and equals the vector", () => {
    const c = v[agreement]!
    expect(toHex(agree(h(c.alicePublic!), h(c.bobPrivate!)))).toBe(c.shared)
    expect(toHex(agree(h(c.bobPublic!), h(c.alicePrivate!)))).toBe(c.shared)
    expect(toHex(publicKeyOf(h(c.alicePrivate!)))).toBe(c.alicePublic)
  })
  it("the signature verifies, and no single flipped bit or other key does", () => {
    const c = v[signature]!
    const [pub, msg] = [h(c.aliceIdentityPublic!), h(c.aliceEphemeralPublic!)]
    expect(toHex(publicKeyOf(h(c.aliceIdentityPrivate!)))).toBe(c.aliceIdentityPublic)
    expect(xeddsaVerify(pub, msg, h(c.aliceSignature!))).toBe(true)
    for (let byte = 0; byte < 64; byte++) {
      for (const bit of [0x01, 0x80]) {
        const sig = h(c.aliceSignature!)
        sig[byte]! ^= bit
        expect(xeddsaVerify(pub, msg, sig), `byte ${byte} bit ${bit}`).toBe(false)
      }
    }
    expect(xeddsaVerify(msg, msg, h(c.aliceSignature!))).toBe(false)
    expect(xeddsaVerify(pub, flip(c.aliceEphemeralPublic!, 10), h(c.aliceSignature!))).toBe(false)
  })
})

it("derives the public key from the private key (libsignal-protocol-c test_curve25519_generate_public)", () => {
  const c = loadVectorFile<Hexes>("signal/c-curve25519.json").test_curve25519_generate_public!
  expect(toHex(publicKeyOf(h(c.alicePrivate!)))).toBe(c.alicePublic)
  expect(toHex(publicKeyOf(flip(c.alicePrivate!, 20)))).not.toBe(c.alicePublic)
})

describe.for(["signal/java-fingerprint.json", "signal/rust-fingerprint.json"])("safety numbers (%s)", (file) => {
  const v = loadVectorFile<Record<string, string | number>>(file)
  const s = (k: string) => String(v[k])
  const iterations = Number(v.ITERATIONS ?? v.iterations)
  const alice = te.encode(s(v.aliceStableId === undefined ? "ALICE_STABLE_ID" : "aliceStableId"))
  const bob = te.encode(s(v.bobStableId === undefined ? "BOB_STABLE_ID" : "bobStableId"))
  it.for([1, 2])("version %i: both sides show the same number and their own scannable encoding", (version) => {
    const a = computeFingerprint(version, iterations, alice, h(s("ALICE_IDENTITY")), bob, h(s("BOB_IDENTITY")))
    const b = computeFingerprint(version, iterations, bob, h(s("BOB_IDENTITY")), alice, h(s("ALICE_IDENTITY")))
    expect(a.displayable).toBe(s("DISPLAYABLE_FINGERPRINT_V1"))
    expect(b.displayable).toBe(s("DISPLAYABLE_FINGERPRINT_V1"))
    expect(toHex(a.scannable)).toBe(s(`ALICE_SCANNABLE_FINGERPRINT_V${version}`))
    expect(toHex(b.scannable)).toBe(s(`BOB_SCANNABLE_FINGERPRINT_V${version}`))
    const changed = flip(s("ALICE_IDENTITY"), 9)
    const other = computeFingerprint(version, iterations, alice, changed, bob, h(s("BOB_IDENTITY")))
    expect(other.displayable).not.toBe(s("DISPLAYABLE_FINGERPRINT_V1"))
  })
})

describe("legacy two-party transcripts (libsignal-protocol-javascript testvectors)", () => {
  const sets = loadVectorFile<TranscriptSet[]>("signal/testvectors.json")
  // The end-session sets depend on the application closing sessions; only the two-party sets pin the protocol.
  const twoParty = sets.filter((s) => !s.name.includes("End Session"))
  it("holds the seven two-party sets", () => expect(twoParty).toHaveLength(7))
  it.for(twoParty.map((s) => [s.name, s] as const))("%s: every step matches byte for byte", ([, set]) => {
    expect(replayTranscript(set)).toEqual(set.vectors.map(() => expect.objectContaining({ ok: true })))
  })
  it("a flipped byte in a received message fails that step on its MAC", () => {
    const set = structuredClone(twoParty.find((s) => s.name === "Standard Signal Protocol Test Vectors as Alice")!)
    const receive = set.vectors[2]![1]
    const message = String(receive.message)
    receive.message = message.slice(0, -4) + (message.endsWith("00") ? "ff" : "00") + message.slice(-2)
    const results = replayTranscript(set)
    expect(results[2]).toMatchObject({ ok: false, rule: "signal.message.mac-verified" })
  })
  it("a sent message that differs from the transcript is reported", () => {
    const set = structuredClone(twoParty[0]!)
    set.vectors[4]![1].smsText = "X"
    expect(replayTranscript(set)[4]).toMatchObject({ ok: false, rule: "signal.wire.well-formed" })
  })
})
