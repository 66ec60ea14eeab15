/**
 * The `signal` profile: every Signal scenario with the target as Alice (initiator) and as Bob
 * (responder), against each of the suite's counterparts. A counterpart whose version the target does
 * not declare (`signalVersions`) makes the pairing `unsupported`, never `fail`.
 * Requirements: see suites/signal/catalogue.ts; steps are documented on each scenario function.
 */
import { afterAll, inject } from "vitest"
import { scenario } from "../../harness/engine/scenario.ts"
import { signalAdapters } from "../../targets/signal/adapters.ts"
import { signalScenarios } from "./catalogue.ts"
import { closeSignalClients, counterparts, signalCounterpart, signalTarget, targetsUnderTest } from "./fixtures.ts"

afterAll(closeSignalClients)

for (const { impl, capability } of targetsUnderTest(inject("conformance"))) for (const peer of counterparts) {
  const requires = signalAdapters[peer].protocolVersions.map((v) => capability(`version.${v}`))
  for (const role of ["alice", "bob"] as const) {
    for (const entry of signalScenarios) {
      const as = role === "alice" ? "Alice, initiating" : "Bob, responding"
      scenario(`${entry.title} (target ${impl} as ${as}; peer ${peer})`, {
        id: `${entry.id}[target=${impl}:${role},peer=${peer}]`,
        profile: "signal",
        requirements: entry.requirements,
        requires,
        tags: ["signal", `peer:${peer}`],
        // The skipped-message limit needs limit + 2 messages (libsignal: 25,002).
        ...(entry.id === "signal.ratchet.max-skip" ? { timeoutMs: 300_000 } : {}),
      }, async ({ check }) => {
        const target = signalTarget(impl)
        const other = signalCounterpart(peer)
        await (role === "alice" ? entry.run(target, other, check) : entry.run(other, target, check))
      })
    }
  }
}
