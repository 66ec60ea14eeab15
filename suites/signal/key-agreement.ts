/**
 * Key agreement (X3DH / PQXDH): prekey signatures, key encodings, the first exchange, one-time
 * prekeys and identity changes.
 */
import { isTrue, type Finding } from "../../harness/engine/finding.ts"
import { decodePublicKey } from "../../harness/protocol/signal/keys.ts"
import { decodePreKeySignalMessage, decodeSignalMessage } from "../../harness/protocol/signal/wire.ts"
import { xeddsaVerify } from "../../harness/protocol/signal/xeddsa.ts"
import type { PreKeyBundle, SignalCiphertext, SignalClient, SignedPreKey } from "../../targets/signal/types.ts"
import {
  delivers, establish, expectDone, expectOk, identities, refused, show, text, type SignalCheck, type SignalScenario,
} from "./support.ts"

const flipped = (b: Uint8Array, at: number): Uint8Array => {
  const out = b.slice()
  out[at]! ^= 0x01
  return out
}

function encodings(bundle: PreKeyBundle): Finding {
  const keys: [string, Uint8Array][] = [
    ["identityKey", bundle.identityKey], ["signedPreKey", bundle.signedPreKey.publicKey],
  ]
  if (bundle.preKey !== undefined) keys.push(["preKey", bundle.preKey.publicKey])
  for (const [name, key] of keys) {
    const decoded = decodePublicKey(key, name, "PreKeyBundle")
    if (!decoded.ok) return { ok: false, expected: `${name}: ${decoded.error.expected}`, actual: decoded.error.got }
  }
  return { ok: true, actual: `${keys.length} keys, each 0x05 ‖ 32 bytes` }
}

function signatures(bundle: PreKeyBundle): Finding {
  const signed: [string, SignedPreKey][] = [["signedPreKey", bundle.signedPreKey]]
  if (bundle.kyberPreKey !== undefined) signed.push(["kyberPreKey", bundle.kyberPreKey])
  for (const [name, key] of signed) {
    if (!xeddsaVerify(bundle.identityKey, key.publicKey, key.signature)) {
      const expected = `${name} signature verifies under the identity key`
      return { ok: false, expected, actual: `invalid: ${show(key.signature)}` }
    }
  }
  return { ok: true, actual: `${signed.length} XEdDSA signatures verify` }
}

/** What the oracle finds in a message a party sent: framing, key encodings, and a declared version. */
export function wireFindings(sender: SignalClient, message: SignalCiphertext, check: SignalCheck): void {
  const decoded = message.type === "prekey"
    ? decodePreKeySignalMessage(message.body)
    : decodeSignalMessage(message.body)
  if (!decoded.ok) {
    const e = decoded.error
    const expected = `${e.struct}.${e.field}: ${e.expected}`
    check("signal.wire.well-formed", { ok: false, expected, actual: `${e.got} at offset ${e.offset}` })
    return
  }
  check("signal.wire.well-formed", { ok: true, actual: `${message.type} message, ${message.body.length} bytes` })
  const version = decoded.value.messageVersion
  const declared = sender.capabilities().protocolVersions
  const known = declared.some((v) => v === version)
  check("signal.wire.version-declared", isTrue(known, `a version in [${declared.join(", ")}]`, `version ${version}`))
}

/** 1. Bob's bundle is well formed  2. tampered signatures are refused  3. the genuine bundle is accepted. */
export const prekeySignatures: SignalScenario = async (alice, bob, check) => {
  const id = "signal.x3dh.spk-signature-verified"
  if (!(await identities(alice, bob, check, id))) return
  const bundle = expectOk(check, id, await bob.publishBundle(), "Bob publishes a bundle")
  if (bundle === undefined) return
  // 1.
  check("signal.keys.curve25519-encoding", encodings(bundle))
  check("signal.xeddsa.signature-valid", signatures(bundle))
  // 2.
  for (const at of [0, 63]) {
    const signedPreKey = { ...bundle.signedPreKey, signature: flipped(bundle.signedPreKey.signature, at) }
    const outcome = await alice.startSession("bob", { ...bundle, signedPreKey })
    check(id, refused(outcome, `a signed prekey signature with byte ${at} flipped`))
  }
  if (bundle.kyberPreKey !== undefined) {
    const kyberPreKey = { ...bundle.kyberPreKey, signature: flipped(bundle.kyberPreKey.signature, 10) }
    const outcome = await alice.startSession("bob", { ...bundle, kyberPreKey })
    check("signal.pqxdh.kyber-signature-verified", refused(outcome, "a Kyber prekey signature with a flipped bit"))
  }
  // 3. A target that refuses every bundle would pass step 2: the genuine one must go through.
  const ok = await alice.startSession("bob", bundle)
  check(id, isTrue(ok.ok, "the genuine bundle is accepted", ok.ok ? "accepted" : ok.detail))
}

/**
 * 1. Alice's initial message reaches Bob  2. Bob's reply reaches Alice
 * 3. Alice's next message is a plain SignalMessage.
 */
export const firstExchange: SignalScenario = async (alice, bob, check) => {
  const id = "signal.x3dh.initial-message-accepted"
  if ((await establish(alice, bob, check)) === undefined) return
  // 1.
  const first = expectOk(check, id, await alice.encrypt("bob", text("A")), "Alice encrypts")
  if (first === undefined) return
  check(id, isTrue(first.type === "prekey", "the first message is a PreKeySignalMessage", first.type))
  wireFindings(alice, first, check)
  check(id, await delivers(bob, "alice", first, text("A"), "Alice's initial message"))
  // 2.
  const reply = expectOk(check, id, await bob.encrypt("alice", text("B")), "Bob encrypts a reply")
  if (reply === undefined) return
  check(id, isTrue(reply.type === "whisper", "Bob's reply is a SignalMessage", reply.type))
  wireFindings(bob, reply, check)
  check(id, await delivers(alice, "bob", reply, text("B"), "Bob's reply"))
  // 3.
  const next = expectOk(check, id, await alice.encrypt("bob", text("C")), "Alice encrypts again")
  if (next === undefined) return
  check(id, isTrue(next.type === "whisper", "after Bob's reply Alice sends a SignalMessage", next.type))
  wireFindings(alice, next, check)
  check(id, await delivers(bob, "alice", next, text("C"), "Alice's third message"))
}

/**
 * 1. Alice's initial message consumes the one-time prekey
 * 2. a second session from the same bundle is refused by Bob.
 */
export const oneTimePrekeyOnce: SignalScenario = async (alice, bob, check) => {
  const id = "signal.x3dh.one-time-prekey-single-use"
  const est = await establish(alice, bob, check)
  if (est === undefined) return
  // 1.
  const first = expectOk(check, id, await alice.encrypt("bob", text("first")), "Alice encrypts")
  if (first === undefined) return
  const opened = await delivers(bob, "alice", first, text("first"), "Alice's initial message")
  if (!opened.ok) return void check("signal.x3dh.initial-message-accepted", opened)
  // 2. The same bundle again: a new base key, the same one-time prekey id.
  if (!expectDone(check, id, await alice.startSession("bob", est.bundle), "Alice restarts from the same bundle")) return
  const second = expectOk(check, id, await alice.encrypt("bob", text("second")), "Alice encrypts on the new session")
  if (second === undefined) return
  const decoded = decodePreKeySignalMessage(second.body)
  if (decoded.ok && est.bundle.preKey !== undefined) {
    const expected = `the message names one-time prekey ${est.bundle.preKey.id}`
    check(id, isTrue(decoded.value.preKeyId === est.bundle.preKey.id, expected, String(decoded.value.preKeyId)))
  }
  check(id, refused(await bob.decrypt("alice", second), "an initial message reusing a consumed one-time prekey"))
}

/** 1. a session with Bob  2. "bob" comes back with a new identity key  3. Alice refuses the new bundle. */
export const identityChange: SignalScenario = async (alice, bob, check) => {
  const id = "signal.identity.change-detected"
  if ((await establish(alice, bob, check)) === undefined) return
  // 2.
  if (expectOk(check, id, await bob.createIdentity("bob"), "Bob re-registers with a new identity") === undefined) return
  const bundle = expectOk(check, id, await bob.publishBundle(), "Bob publishes a bundle under the new identity")
  if (bundle === undefined) return
  // 3.
  check(id, refused(await alice.startSession("bob", bundle), "a session to a known peer with a changed identity key"))
}
