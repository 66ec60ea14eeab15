/** The Signal scenarios, the requirements each exercises, and how a pairing is decided. */
import type { SignalRequirementId } from "../../harness/requirements/signal/session.ts"
import type { SignalClient, SignalVersion } from "../../targets/signal/types.ts"
import * as keyAgreement from "./key-agreement.ts"
import * as ratchet from "./ratchet.ts"
import { commonVersion, type SignalScenario } from "./support.ts"
import * as tampering from "./tampering.ts"

export interface SignalScenarioEntry {
  id: string
  title: string
  run: SignalScenario
  requirements: SignalRequirementId[]
}

export const signalScenarios: SignalScenarioEntry[] = [
  {
    id: "signal.key-agreement.prekey-signatures",
    title: "a bundle with a bad signed-prekey or Kyber-prekey signature is refused",
    run: keyAgreement.prekeySignatures,
    requirements: [
      "signal.x3dh.spk-signature-verified",
      "signal.pqxdh.kyber-signature-verified",
      "signal.xeddsa.signature-valid",
      "signal.keys.curve25519-encoding",
    ],
  },
  {
    id: "signal.key-agreement.first-exchange",
    title: "the first exchange works in both directions",
    run: keyAgreement.firstExchange,
    requirements: [
      "signal.x3dh.initial-message-accepted",
      "signal.wire.well-formed",
      "signal.wire.version-declared",
    ],
  },
  {
    id: "signal.key-agreement.one-time-prekey",
    title: "a one-time prekey is used once",
    run: keyAgreement.oneTimePrekeyOnce,
    requirements: [
      "signal.x3dh.one-time-prekey-single-use",
    ],
  },
  {
    id: "signal.key-agreement.identity-change",
    title: "a changed identity key is detected",
    run: keyAgreement.identityChange,
    requirements: [
      "signal.identity.change-detected",
    ],
  },
  {
    id: "signal.ratchet.in-order",
    title: "messages in order decrypt across DH ratchet steps",
    run: ratchet.inOrder,
    requirements: [
      "signal.ratchet.in-order",
    ],
  },
  {
    id: "signal.ratchet.out-of-order-chain",
    title: "messages out of order within a chain decrypt",
    run: ratchet.outOfOrderWithinChain,
    requirements: [
      "signal.ratchet.out-of-order-within-chain",
    ],
  },
  {
    id: "signal.ratchet.out-of-order-step",
    title: "a late message of the previous chain decrypts after a ratchet step",
    run: ratchet.outOfOrderAcrossStep,
    requirements: [
      "signal.ratchet.out-of-order-across-step",
    ],
  },
  {
    id: "signal.ratchet.replay",
    title: "a replayed message is refused, the session intact",
    run: ratchet.replayRefused,
    requirements: [
      "signal.ratchet.replay-refused",
      "signal.ratchet.failure-keeps-state",
    ],
  },
  {
    id: "signal.ratchet.max-skip",
    title: "the skipped-message limit is honoured without losing the session",
    run: ratchet.maxSkipHonoured,
    requirements: [
      "signal.ratchet.max-skip-honoured",
    ],
  },
  {
    id: "signal.tampering.mac",
    title: "a message with a tampered MAC is refused, the session intact",
    run: tampering.tamperedMac,
    requirements: [
      "signal.message.mac-verified",
      "signal.ratchet.failure-keeps-state",
    ],
  },
  {
    id: "signal.tampering.ciphertext",
    title: "a message with tampered ciphertext is refused, the session intact",
    run: tampering.tamperedCiphertext,
    requirements: [
      "signal.message.ciphertext-authenticated",
      "signal.ratchet.failure-keeps-state",
    ],
  },
  {
    id: "signal.tampering.unknown-version",
    title: "a message with an unknown version byte is refused, the session intact",
    run: tampering.unknownVersion,
    requirements: [
      "signal.message.version-checked",
      "signal.ratchet.failure-keeps-state",
    ],
  },
  {
    id: "signal.tampering.obsolete-version",
    title: "a message with an obsolete version byte is refused, the session intact",
    run: tampering.obsoleteVersion,
    requirements: [
      "signal.message.version-checked",
      "signal.ratchet.failure-keeps-state",
    ],
  },
]

export type Pairing = { supported: true; version: SignalVersion } | { supported: false; reason: string }

/** Decided from the declared versions alone, before either party is asked to do anything. */
export function pairing(alice: SignalClient, bob: SignalClient): Pairing {
  const version = commonVersion(alice, bob)
  if (version !== undefined) return { supported: true, version }
  const [a, b] = [alice.capabilities(), bob.capabilities()]
  return {
    supported: false,
    reason: `${a.implementation} declares versions [${a.protocolVersions.join(", ")}], ` +
      `${b.implementation} declares [${b.protocolVersions.join(", ")}]: no common version`,
  }
}
