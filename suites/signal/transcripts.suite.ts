/**
 * The legacy two-party transcripts replayed through the target with the transcript's private keys
 * injected. A target that does not declare `signal.key-injection` (and message version 3) is
 * `unsupported`: libsignal-client, for one, has no hook for injected keys.
 * Requirements: signal.ratchet.kdf-chains-match
 */
import { afterAll, inject } from "vitest"
import { scenario } from "../../harness/engine/scenario.ts"
import { defaultVectorsDir } from "../../harness/vectors/load.ts"
import { closeSignalClients, signalTarget } from "./fixtures.ts"
import { replayThroughTarget, twoPartySets } from "./transcripts.ts"

afterAll(closeSignalClients)

const vectorsDir = inject("conformance")?.vectorsDir ?? defaultVectorsDir

for (const set of twoPartySets(vectorsDir)) {
  scenario(`reproduces the legacy transcript "${set.name}" byte for byte`, {
    id: `signal.transcript[${set.name}]`,
    profile: "signal",
    requirements: ["signal.ratchet.kdf-chains-match"],
    requires: ["signal.version.3", "signal.key-injection"],
    tags: ["signal", "vectors"],
  }, async ({ check, run }) => {
    await replayThroughTarget(signalTarget(run), set, check)
  })
}
