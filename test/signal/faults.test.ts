/**
 * Every Signal check can fail: each seeded fault, on the side it concerns, makes the checks of the
 * rule it breaks fail with that rule's ID, while the untouched scenario passes for the real pairs
 * (pairs.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest"
import type { Finding } from "../../harness/engine/finding.ts"
import type { SignalRequirementId } from "../../harness/requirements/signal/session.ts"
import { signalRequirements } from "../../harness/requirements/signal/session.ts"
import { signalScenarios } from "../../suites/signal/catalogue.ts"
import { FaultySignalClient, signalFaults, type SignalFault } from "../../targets/signal-faults/faulty-client.ts"
import { createSignalClient, type PartyImplementation } from "../../targets/signal/adapters.ts"
import type { SignalClient } from "../../targets/signal/types.ts"

interface Case {
  fault: SignalFault
  side: "alice" | "bob"
  scenario: string
  fails: SignalRequirementId[]
  impl?: PartyImplementation
}

const fault = (
  f: SignalFault, side: Case["side"], scenario: string, fails: SignalRequirementId[], impl?: PartyImplementation,
): Case => ({ fault: f, side, scenario, fails, ...(impl === undefined ? {} : { impl }) })

const cases: Case[] = [
  fault("accept-bad-prekey-signature", "alice", "key-agreement.prekey-signatures",
    ["signal.x3dh.spk-signature-verified", "signal.pqxdh.kyber-signature-verified"]),
  fault("publish-bad-signature", "bob", "key-agreement.prekey-signatures", ["signal.xeddsa.signature-valid"]),
  fault("publish-unprefixed-keys", "bob", "key-agreement.prekey-signatures", ["signal.keys.curve25519-encoding"]),
  fault("send-unknown-version", "alice", "key-agreement.first-exchange",
    ["signal.x3dh.initial-message-accepted", "signal.wire.well-formed"]),
  fault("misdeclare-versions", "alice", "key-agreement.first-exchange", ["signal.wire.version-declared"]),
  fault("accept-any-message", "bob", "key-agreement.one-time-prekey", ["signal.x3dh.one-time-prekey-single-use"]),
  fault("ignore-identity-change", "alice", "key-agreement.identity-change", ["signal.identity.change-detected"]),
  fault("send-unknown-version", "alice", "ratchet.in-order", ["signal.ratchet.in-order"]),
  fault("in-order-only", "bob", "ratchet.out-of-order-chain", ["signal.ratchet.out-of-order-within-chain"]),
  fault("in-order-only", "bob", "ratchet.out-of-order-step", ["signal.ratchet.out-of-order-across-step"]),
  fault("accept-replay", "bob", "ratchet.replay", ["signal.ratchet.replay-refused"]),
  fault("lose-session-after-tamper", "bob", "ratchet.replay", ["signal.ratchet.failure-keeps-state"]),
  fault("accept-any-message", "bob", "ratchet.max-skip", ["signal.ratchet.max-skip-honoured"], "libsignal-typescript"),
  fault("lose-session-after-tamper", "bob", "ratchet.max-skip",
    ["signal.ratchet.max-skip-honoured"], "libsignal-typescript"),
  fault("accept-any-message", "bob", "tampering.mac", ["signal.message.mac-verified"]),
  fault("lose-session-after-tamper", "bob", "tampering.mac", ["signal.ratchet.failure-keeps-state"]),
  fault("accept-any-message", "bob", "tampering.ciphertext", ["signal.message.ciphertext-authenticated"]),
  fault("lose-session-after-tamper", "bob", "tampering.ciphertext", ["signal.ratchet.failure-keeps-state"]),
  fault("accept-unknown-version", "bob", "tampering.unknown-version", ["signal.message.version-checked"]),
  fault("accept-unknown-version", "bob", "tampering.obsolete-version", ["signal.message.version-checked"]),
  fault("lose-session-after-tamper", "bob", "tampering.unknown-version", ["signal.ratchet.failure-keeps-state"]),
]

const clients = new Map<PartyImplementation, [SignalClient, SignalClient]>()
const pair = (impl: PartyImplementation): [SignalClient, SignalClient] => {
  let p = clients.get(impl)
  if (p === undefined) clients.set(impl, (p = [createSignalClient(impl), createSignalClient(impl)]))
  return p
}
afterAll(() => Promise.all([...clients.values()].flat().map((c) => c.close())))

describe("Signal seeded faults", () => {
  it("cover every registered Signal requirement", () => {
    // signal.ratchet.kdf-chains-match is a single-target scenario: its fault is in transcripts.test.ts.
    const covered = new Set([...cases.flatMap((c) => c.fails), "signal.ratchet.kdf-chains-match"])
    expect(Object.keys(signalRequirements).filter((id) => !covered.has(id as SignalRequirementId))).toEqual([])
    expect(new Set(cases.map((c) => c.fault))).toEqual(new Set(Object.keys(signalFaults)))
  })

  const named = cases.map((c) => [`${c.fault} (${c.side}) fails ${c.scenario}`, c] as const)
  it.for(named)("%s", { timeout: 120_000 }, async ([, c]) => {
    const [realAlice, realBob] = pair(c.impl ?? "libsignal-client")
    const alice = c.side === "alice" ? new FaultySignalClient(realAlice, c.fault) : realAlice
    const bob = c.side === "bob" ? new FaultySignalClient(realBob, c.fault) : realBob
    const scenario = signalScenarios.find((s) => s.id === `signal.${c.scenario}`)!
    const failed = new Set<string>()
    await scenario.run(alice, bob, (id: string, finding: Finding) => {
      if (!finding.ok) failed.add(id)
      return finding.ok
    })
    for (const id of c.fails) expect([...failed], `${id} must fail`).toContain(id)
  })
})
