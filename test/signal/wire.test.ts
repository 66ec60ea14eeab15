/** The suite's own decoders on real messages from both libraries, and on mutated ones. */
import { afterAll, describe, expect, it } from "vitest"
import { decodePreKeySignalMessage, decodeSignalMessage, MAC_LENGTH } from "../../harness/protocol/signal/wire.ts"
import { xeddsaVerify } from "../../harness/protocol/signal/xeddsa.ts"
import { createSignalClient } from "../../targets/signal/adapters.ts"
import type { LocalIdentity, Outcome, PreKeyBundle, SignalCiphertext } from "../../targets/signal/types.ts"

const must = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(`${o.kind}: ${o.detail}`)
  return o.value
}

describe.for([["libsignal-client", 4], ["libsignal-typescript", 3]] as const)("messages from %s", ([impl, version]) => {
  const alice = createSignalClient(impl)
  const bob = createSignalClient(impl)
  afterAll(() => Promise.all([alice.close(), bob.close()]))
  let aliceId: LocalIdentity
  let bundle: PreKeyBundle
  let first: SignalCiphertext
  let reply: SignalCiphertext

  it("exchange", async () => {
    aliceId = must(await alice.createIdentity("alice"))
    must(await bob.createIdentity("bob"))
    bundle = must(await bob.publishBundle())
    must(await alice.startSession("bob", bundle))
    first = must(await alice.encrypt("bob", new TextEncoder().encode("hello")))
    must(await bob.decrypt("alice", first))
    reply = must(await bob.encrypt("alice", new TextEncoder().encode("hi")))
    expect([first.type, reply.type]).toEqual(["prekey", "whisper"])
  })

  it("the bundle's signatures verify under the suite's XEdDSA, and not once altered", () => {
    const spk = bundle.signedPreKey
    expect(xeddsaVerify(bundle.identityKey, spk.publicKey, spk.signature)).toBe(true)
    const altered = spk.publicKey.map((b, i) => (i === 7 ? b ^ 1 : b))
    expect(xeddsaVerify(bundle.identityKey, altered, spk.signature)).toBe(false)
    if (version === 4) {
      const k = bundle.kyberPreKey!
      expect([k.publicKey.length, k.publicKey[0]]).toEqual([1569, 0x08])
      expect(xeddsaVerify(bundle.identityKey, k.publicKey, k.signature)).toBe(true)
    } else {
      expect(bundle.kyberPreKey).toBeUndefined()
    }
  })

  it("the initial message decodes to the bundle's prekeys and Alice's identity", () => {
    const m = decodePreKeySignalMessage(first.body)
    if (!m.ok) throw new Error(JSON.stringify(m.error))
    expect(first.body[0]).toBe((version << 4) | version)
    expect(m.value).toMatchObject({
      messageVersion: version, preKeyId: bundle.preKey!.id, signedPreKeyId: bundle.signedPreKey.id,
      registrationId: aliceId.registrationId, identityKey: aliceId.identityKey,
    })
    expect(m.value.kyberPreKeyId).toBe(version === 4 ? bundle.kyberPreKey!.id : undefined)
    // Kyber-1024 ciphertext (1568 bytes) behind libsignal's KEM type byte 0x08.
    const kem = m.value.kyberCiphertext
    expect(kem === undefined ? undefined : [kem.length, kem[0]]).toEqual(version === 4 ? [1569, 0x08] : undefined)
    expect(m.value.message).toMatchObject({ messageVersion: version, counter: 0 })
  })

  it("the reply decodes: 0x05 ratchet key, counter 0, 8-byte MAC", () => {
    const m = decodeSignalMessage(reply.body)
    if (!m.ok) throw new Error(JSON.stringify(m.error))
    const { ratchetKey, counter, mac } = m.value
    expect([ratchetKey.length, ratchetKey[0], counter, mac.length]).toEqual([33, 5, 0, MAC_LENGTH])
    expect(m.value.pqRatchet !== undefined).toBe(version === 4)
  })

  it("mutations are typed errors with a rule, a field and an offset", () => {
    const truncated = decodeSignalMessage(reply.body.subarray(0, 20))
    const wellFormed = { rule: "signal.wire.well-formed", struct: "SignalMessage" }
    expect(truncated.ok ? undefined : truncated.error).toMatchObject(wellFormed)
    const badVersion = decodeSignalMessage(Uint8Array.of(0x55, ...reply.body.subarray(1)))
    const versionError = { rule: "signal.message.version-checked", offset: 0 }
    expect(badVersion.ok ? undefined : badVersion.error).toMatchObject(versionError)
    const body = first.body.slice()
    const at = Buffer.from(body).indexOf(Buffer.from(aliceId.identityKey))
    body[at] = 0x06
    const badKey = decodePreKeySignalMessage(body)
    const keyError = { rule: "signal.keys.curve25519-encoding", field: "identityKey" }
    expect(badKey.ok ? undefined : badKey.error).toMatchObject(keyError)
    expect(decodePreKeySignalMessage(new Uint8Array(0)).ok).toBe(false)
  })
})
