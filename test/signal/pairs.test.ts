/**
 * The real pairings: each adapter with itself passes every Signal scenario, and the v3-only
 * adapter against the v4-only adapter is unsupported from the declarations alone.
 */
import { afterAll, describe, expect, it } from "vitest"
import type { Finding } from "../../harness/engine/finding.ts"
import { pairing, signalScenarios } from "../../suites/signal/catalogue.ts"
import { createSignalClient, signalAdapters } from "../../targets/signal/adapters.ts"
import type { SignalClient } from "../../targets/signal/types.ts"

const collect = () => {
  const findings: { id: string; finding: Finding }[] = []
  return { findings, check: (id: string, finding: Finding) => (findings.push({ id, finding }), finding.ok) }
}

describe.for(["libsignal-client", "libsignal-typescript"] as const)("%s with itself", (impl) => {
  const alice = createSignalClient(impl)
  const bob = createSignalClient(impl)
  afterAll(() => Promise.all([alice.close(), bob.close()]))

  it("is a supported pairing at the declared version", () => {
    expect(pairing(alice, bob)).toEqual({ supported: true, version: signalAdapters[impl].protocolVersions[0] })
  })

  it.for(signalScenarios.map((s) => [s.id, s] as const))("%s passes", { timeout: 120_000 }, async ([, scenario]) => {
    const { findings, check } = collect()
    await scenario.run(alice, bob, check)
    expect(findings.length).toBeGreaterThan(0)
    expect(findings.filter((f) => !f.finding.ok)).toEqual([])
    for (const f of findings) expect(scenario.requirements).toContain(f.id)
  })
})

describe("libsignal-client (v4 only) against libsignal-protocol-typescript (v3 only)", () => {
  // Capabilities only: any operation would mean the verdict was inferred from a failure.
  const declaredOnly = (impl: keyof typeof signalAdapters): SignalClient => {
    const fail = () => Promise.reject(new Error("an unsupported pairing must not be exercised"))
    return {
      capabilities: () => signalAdapters[impl], createIdentity: fail, publishBundle: fail, startSession: fail,
      encrypt: fail, decrypt: fail, injectIdentity: fail, queueKeyPairs: fail, close: () => Promise.resolve(),
    }
  }
  it.for([["libsignal-client", "libsignal-typescript"], ["libsignal-typescript", "libsignal-client"]] as const)(
    "%s initiating to %s is unsupported", ([a, b]) => {
      const verdict = pairing(declaredOnly(a), declaredOnly(b))
      expect(verdict.supported).toBe(false)
      expect(verdict.supported ? "" : verdict.reason).toMatch(/no common version/)
    })
})
