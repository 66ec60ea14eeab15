import { bytesEqual, hex } from "../crypto/bytes.ts"
import { processCommit } from "./commit.ts"
import { joinFromWelcome, type JoinInput } from "./join.ts"
import type { MemberState } from "./state.ts"

export interface PassiveEpoch {
  readonly proposals: readonly Uint8Array[]
  readonly commit: Uint8Array
  readonly epochAuthenticator: Uint8Array
}

/** The outcome of following a group: how many epochs matched, or where and why it stopped. */
export type PassiveOutcome =
  | { ok: true; epochsFollowed: number; final: MemberState }
  | { ok: false; epoch: number; rule: string; detail: string }

/**
 * Joins from the Welcome and follows every commit, comparing the epoch authenticator after the join
 * and after each commit (the passive-client vector procedure). `epoch` in a failure counts
 * commits: 0 is the join.
 */
export function followGroup(
  join: JoinInput, initialAuthenticator: Uint8Array, epochs: readonly PassiveEpoch[],
): PassiveOutcome {
  const joined = joinFromWelcome(join)
  if (!joined.ok) return { ok: false, epoch: 0, rule: joined.rule, detail: joined.detail }
  let state = joined.value
  const mismatch = (epoch: number, expected: Uint8Array): PassiveOutcome | undefined =>
    bytesEqual(state.secrets.epochAuthenticator, expected) ? undefined : {
      ok: false, epoch, rule: "mls.epoch.authenticator-agrees",
      detail: `epoch_authenticator ${hex(state.secrets.epochAuthenticator)}, expected ${hex(expected)}`,
    }
  const first = mismatch(0, initialAuthenticator)
  if (first !== undefined) return first
  for (const [i, e] of epochs.entries()) {
    const next = processCommit(state, e.commit, e.proposals)
    if (!next.ok) return { ok: false, epoch: i + 1, rule: next.rule, detail: next.detail }
    state = next.value
    const bad = mismatch(i + 1, e.epochAuthenticator)
    if (bad !== undefined) return bad
  }
  return { ok: true, epochsFollowed: epochs.length, final: state }
}
