/**
 * The MLS WG passive-client vectors drive the target library: it joins a group from a Welcome with
 * injected keys, then follows every epoch (standalone proposals, then the Commit). After the join
 * and after each epoch its epoch_authenticator must equal the one the group computed.
 * Requirements: mls.welcome.join-succeeds, mls.epoch.authenticator-agrees, mls.commit.valid-commit-processed
 * One scenario per vector case, e.g. `mls.passive.handling-commit[cs=3 #7]`. Each family has its own
 * suite file, so that the families run in parallel workers and shard apart.
 */
import { inject } from "vitest"
import type { CheckFn } from "../../../harness/engine/check.ts"
import { bytesEqual } from "../../../harness/engine/finding.ts"
import { scenario } from "../../../harness/engine/scenario.ts"
import type { RequirementId } from "../../../harness/requirements/index.ts"
import { defaultVectorsDir } from "../../../harness/vectors/load.ts"
import { loadPassiveCases, type PassiveCase, type PassiveFamily } from "../../../harness/vectors/mls-passive.ts"
import type { JoinPassiveRequest } from "../../../targets/types.ts"
import { mlsClient } from "../../fixtures.ts"

// The random family follows 200 epochs with 1,542 proposals in one scenario.
const timeoutMs: Partial<Record<PassiveFamily, number>> = { random: 600_000 }

/** The join request of a passive-client vector case, as the adapter interface takes it. */
export function joinRequest(v: PassiveCase): JoinPassiveRequest {
  return {
    cipherSuite: v.cipherSuite,
    keyPackage: v.keyPackage,
    initPriv: v.initPriv,
    encryptionPriv: v.encryptionPriv,
    signaturePriv: v.signaturePriv,
    welcome: v.welcome,
    ...(v.ratchetTree === undefined ? {} : { ratchetTree: v.ratchetTree }),
    externalPsks: v.externalPsks.map((p) => ({ id: p.pskId, secret: p.psk })),
  }
}

/** Checks one epoch authenticator; the hint says where, and where the bytes first differ. */
function agree(check: CheckFn, actual: Uint8Array, expected: Uint8Array, where: string): void {
  const finding = bytesEqual(actual, expected)
  check.fatal("mls.epoch.authenticator-agrees", finding, { hint: finding.ok ? where : `${where}, ${finding.hint}` })
}

/** Declares one scenario per case of passive-client-<family>.json, read at collection time. */
export function passiveClientScenarios(family: PassiveFamily): void {
  const vectorsDir = inject("conformance")?.vectorsDir ?? defaultVectorsDir
  for (const v of loadPassiveCases(family, vectorsDir)) {
    const requirements: RequirementId[] = ["mls.welcome.join-succeeds", "mls.epoch.authenticator-agrees"]
    if (v.epochs.length > 0) requirements.push("mls.commit.valid-commit-processed")
    const steps = v.epochs.length === 0
      ? "joins from the Welcome with the group's epoch authenticator"
      : `joins and follows ${v.epochs.length} epochs with the group's epoch authenticators`
    const title = `${steps} (passive-client-${family} ${v.id})`
    const ms = timeoutMs[family]

    scenario(title, {
      id: `mls.passive.${family}[${v.id}]`,
      profile: "rfc9420",
      requirements,
      requires: [`mls.cipher-suite.${v.cipherSuite}`, "mls.passive-client"],
      tags: ["vectors", "mls-passive"],
      ...(ms === undefined ? {} : { timeoutMs: ms }),
    }, async ({ check, evidence, run, signal }) => {
      const client = await mlsClient(run)
      const tree = v.ratchetTree === undefined ? "in the Welcome" : "given"
      evidence("vector", `${v.file} case ${v.index} (${v.id}): ${v.epochs.length} epochs, ` +
        `${v.externalPsks.length} external PSKs, ratchet tree ${tree}`)

      // 1. Join from the Welcome with the vector's keys, tree and PSKs.
      const member = check.ok("mls.welcome.join-succeeds", await client.joinPassive(joinRequest(v)))

      // 2. The joiner's epoch authenticator equals the group's.
      const initial = await member.epochAuthenticator()
      const joined = check.ok("mls.epoch.authenticator-agrees", initial, { hint: "after joining" })
      agree(check, joined, v.initialEpochAuthenticator, "after joining")

      // 3. Each epoch: proposals then Commit applied, and the authenticators agree again. A disagreement
      //    stops the scenario: every later epoch would build on a diverged state.
      let reached: number | undefined
      for (const [i, epoch] of v.epochs.entries()) {
        if (signal.aborted) return
        const hint = `after epoch ${i + 1}/${v.epochs.length}`
        const processed = await member.processEpoch(epoch.proposals, epoch.commit)
        reached = check.ok("mls.commit.valid-commit-processed", processed, { hint }).epoch
        const now = check.ok("mls.epoch.authenticator-agrees", await member.epochAuthenticator(), { hint })
        agree(check, now, epoch.epochAuthenticator, hint)
      }
      if (reached !== undefined) evidence("followed", `${v.epochs.length} commits applied, now in epoch ${reached}`)
    })
  }
}
