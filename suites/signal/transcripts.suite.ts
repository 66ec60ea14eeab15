/**
 * The legacy two-party transcripts replayed through the target with the transcript's private keys
 * injected. A target that does not declare `signal.key-injection` (and message version 3) is
 * `unsupported`: libsignal-client, for one, has no hook for injected keys.
 * Requirements: signal.ratchet.kdf-chains-match
 */
import { afterAll, inject } from "vitest"
import { scenario } from "../../harness/engine/scenario.ts"
import { closeSignalClients, signalTarget, targetsUnderTest } from "./fixtures.ts"
import { replayThroughTarget, twoPartySets } from "./transcripts.ts"

afterAll(closeSignalClients)

const run = inject("conformance")

for (const { impl, capability } of targetsUnderTest(run)) for (const set of twoPartySets(run.vectorsDir)) {
  scenario(`${impl} reproduces the legacy transcript "${set.name}" byte for byte`, {
    id: `signal.transcript[target=${impl},${set.name}]`,
    profile: "signal",
    requirements: ["signal.ratchet.kdf-chains-match"],
    requires: [capability("version.3"), capability("key-injection")],
    tags: ["signal", "vectors"],
  }, async ({ check }) => {
    await replayThroughTarget(signalTarget(impl), set, check)
  })
}
