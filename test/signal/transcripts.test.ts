/** The legacy transcripts through a target with injected keys, and the fault that breaks them. */
import { afterAll, describe, expect, it } from "vitest"
import type { Finding } from "../../harness/engine/finding.ts"
import type { TranscriptSet } from "../../harness/protocol/signal/transcript.ts"
import { replayThroughTarget, twoPartySets } from "../../suites/signal/transcripts.ts"
import { FaultySignalClient } from "../../targets/signal-faults/faulty-client.ts"
import { createSignalClient } from "../../targets/signal/adapters.ts"
import type { SignalClient } from "../../targets/signal/types.ts"

const target = createSignalClient("libsignal-typescript")
const libsignal = createSignalClient("libsignal-client")
afterAll(() => Promise.all([target.close(), libsignal.close()]))

const run = async (client: SignalClient, set: TranscriptSet) => {
  const findings: { id: string; finding: Finding }[] = []
  await replayThroughTarget(client, set, (id, finding) => (findings.push({ id, finding }), finding.ok))
  return findings
}

describe("legacy transcripts through libsignal-protocol-typescript", () => {
  it.for(twoPartySets().map((s) => [s.name, s] as const))("%s: every step reproduced", async ([, set]) => {
    const findings = await run(target, set)
    expect(findings).toHaveLength(set.vectors.length)
    expect(findings.filter((f) => !f.finding.ok)).toEqual([])
  })

  it("fails signal.ratchet.kdf-chains-match when the target's messages carry another version byte", async () => {
    const set = twoPartySets().find((s) => s.name === "Standard Signal Protocol Test Vectors as Alice")!
    const findings = await run(new FaultySignalClient(target, "send-unknown-version"), set)
    expect(findings.filter((f) => !f.finding.ok).map((f) => f.id)).toContain("signal.ratchet.kdf-chains-match")
  })
})

it("libsignal-client declares no key injection, and refuses it as unsupported", async () => {
  expect(libsignal.capabilities().keyInjection).toBe(false)
  const outcome = await libsignal.queueKeyPairs([new Uint8Array(32)])
  expect(outcome).toMatchObject({ ok: false, kind: "unsupported" })
})
