/**
 * Shared pieces of the Signal scenarios. A scenario is a plain async function over two Signal
 * targets (Alice initiates, Bob publishes the bundle) and a `check` that records findings, so the
 * same logic runs under the engine, in the project's fault self-tests, or from a script.
 */
import { HarnessError } from "../../harness/engine/errors.ts"
import { isTrue, showHex, type Finding } from "../../harness/engine/finding.ts"
import type { SignalRequirementId } from "../../harness/requirements/signal/session.ts"
import type {
  Outcome, PreKeyBundle, SignalCiphertext, SignalClient, SignalVersion,
} from "../../targets/signal/types.ts"

export type SignalCheck = (id: SignalRequirementId, finding: Finding) => boolean

export type SignalScenario = (alice: SignalClient, bob: SignalClient, check: SignalCheck) => Promise<void>

/** The highest version both parties declare, or undefined: such a pairing is `unsupported`. */
export function commonVersion(a: SignalClient, b: SignalClient): SignalVersion | undefined {
  const theirs = new Set(b.capabilities().protocolVersions)
  return a.capabilities().protocolVersions.filter((v) => theirs.has(v)).sort().at(-1)
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s)
export const show = (b: Uint8Array): string => showHex(b, 24)

/**
 * Unwraps a step the rule needs to succeed. A refusal is recorded against `id` and ends the scenario
 * (returns undefined); transport trouble is a harness error, never a verdict on the protocol.
 */
export function expectOk<T>(
  check: SignalCheck, id: SignalRequirementId, outcome: Outcome<T>, step: string,
): T | undefined {
  if (outcome.ok) return outcome.value
  unreachable(outcome, step)
  check(id, { ok: false, expected: `${step} succeeds`, actual: `${outcome.kind}: ${outcome.detail}` })
  return undefined
}

/** Like `expectOk`, for steps that return nothing: true when the step succeeded. */
export function expectDone(
  check: SignalCheck, id: SignalRequirementId, outcome: Outcome<unknown>, step: string,
): boolean {
  return expectOk(check, id, outcome.ok ? { ok: true, value: true } : outcome, step) === true
}

/** Fresh identities "alice" and "bob"; a failure is recorded against `id`. */
export async function identities(alice: SignalClient, bob: SignalClient, check: SignalCheck, id: SignalRequirementId) {
  return expectDone(check, id, await alice.createIdentity("alice"), "Alice creates an identity") &&
    expectDone(check, id, await bob.createIdentity("bob"), "Bob creates an identity")
}

/** Transport trouble is a harness error, never a verdict on the protocol. */
function unreachable(outcome: { kind: string; detail: string }, step: string): void {
  if (outcome.kind === "transport" || outcome.kind === "timeout") {
    throw new HarnessError("E_TARGET_UNREACHABLE", `${step}: ${outcome.detail}`)
  }
}

/** The finding for a step that must be refused: any accepted value is the violation. */
export function refused<T>(outcome: Outcome<T>, step: string): Finding {
  if (!outcome.ok) {
    unreachable(outcome, step)
    return { ok: true, actual: `${outcome.kind}: ${outcome.detail}` }
  }
  const value = outcome.value instanceof Uint8Array ? show(outcome.value) : JSON.stringify(outcome.value ?? null)
  return { ok: false, expected: `${step} is refused`, actual: `accepted (${value})` }
}

/** Decrypts `message` and compares it with the plaintext that was sent. */
export async function delivers(
  to: SignalClient, from: string, message: SignalCiphertext, sent: Uint8Array, step: string,
): Promise<Finding> {
  const got = await to.decrypt(from, message)
  if (!got.ok) {
    unreachable(got, step)
    return { ok: false, expected: `${step} decrypts`, actual: `${got.kind}: ${got.detail}` }
  }
  return isTrue(Buffer.compare(got.value, sent) === 0, `${step} decrypts to ${show(sent)}`, show(got.value))
}

export interface Established {
  bundle: PreKeyBundle
}

/** Fresh identities for both, Bob's bundle, and Alice's session from it. */
export async function establish(
  alice: SignalClient, bob: SignalClient, check: SignalCheck,
): Promise<Established | undefined> {
  const id = "signal.x3dh.initial-message-accepted"
  if (!(await identities(alice, bob, check, id))) return undefined
  const bundle = expectOk(check, id, await bob.publishBundle(), "Bob publishes a prekey bundle")
  if (bundle === undefined) return undefined
  const started = await alice.startSession("bob", bundle)
  if (!expectDone(check, id, started, "Alice starts a session from Bob's bundle")) return undefined
  return { bundle }
}

/** Establishes a session and completes the first round trip, so both sides hold ratchet state. */
export async function converse(alice: SignalClient, bob: SignalClient, check: SignalCheck): Promise<boolean> {
  if ((await establish(alice, bob, check)) === undefined) return false
  const id = "signal.x3dh.initial-message-accepted"
  const first = expectOk(check, id, await alice.encrypt("bob", text("hello bob")), "Alice encrypts her first message")
  if (first === undefined) return false
  const opened = await delivers(bob, "alice", first, text("hello bob"), "Alice's first message")
  if (!opened.ok) return check(id, opened)
  const reply = expectOk(check, id, await bob.encrypt("alice", text("hello alice")), "Bob encrypts his reply")
  if (reply === undefined) return false
  const back = await delivers(alice, "bob", reply, text("hello alice"), "Bob's reply")
  return back.ok || check(id, back)
}

/** Encrypts `count` messages from `from` to `to`, numbered from `label`. */
export async function sendMany(from: SignalClient, to: string, count: number, label: string, check: SignalCheck,
  id: SignalRequirementId): Promise<{ sent: Uint8Array; message: SignalCiphertext }[] | undefined> {
  const out: { sent: Uint8Array; message: SignalCiphertext }[] = []
  for (let i = 0; i < count; i++) {
    const sent = text(`${label} ${i}`)
    const message = expectOk(check, id, await from.encrypt(to, sent), `encrypting "${label} ${i}"`)
    if (message === undefined) return undefined
    out.push({ sent, message })
  }
  return out
}
