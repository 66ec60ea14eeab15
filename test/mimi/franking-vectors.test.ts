import { describe, expect, it } from "vitest"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { computeFrankingTag, computeServerFrank, verifyFrankSignature } from "../../harness/protocol/mimi/franking.ts"
import {
  decodeFrank, decodeFrankingTag, encodeFrankingIntegrityTbs, encodeServerFrankingContext, type Frank,
} from "../../harness/protocol/mimi/franking-structs.ts"
import { verifyAbusiveMessage, verifyReceivedFrank } from "../../harness/protocol/mimi/franking-verify.ts"
import { loadVectorBytes } from "../../harness/vectors/load.ts"
import { FRANKING_VECTORS_PATH, renderFrankingVectors } from "../../scripts/gen-franking-vectors.ts"

interface Presented {
  content: string; frankingTag: string; frank: string; acceptedTimestamp: string; roomUri: string
  agentDomain: string; senderUserUri: string
}
interface FrankingCase {
  id: string
  mutation: string
  expected: { receiver: string | null; report: string | null }
  presented: Presented
}
interface SuiteVectors {
  cipherSuite: number
  hub: Record<
    | "hubKey" | "hubDomain" | "frankingPublicKey" | "senderUri" | "roomUri" | "acceptedTimestamp" | "content"
    | "salt" | "frankingTag" | "authenticatedData" | "serverFrankingContext" | "serverFrank"
    | "frankingIntegrityTbs" | "frank",
    string
  >
  cases: FrankingCase[]
}

const committed = loadVectorBytes(FRANKING_VECTORS_PATH)
const file = JSON.parse(Buffer.from(committed).toString("utf8")) as { suites: SuiteVectors[] }
const h = (s: string) => new Uint8Array(Buffer.from(s, "hex"))
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const frankOf = (s: string): Frank => {
  const r = decodeFrank(h(s))
  if (!r.ok) throw new Error(r.error.fieldPath)
  return r.value
}

describe("franking vectors", () => {
  it("regenerate byte-exactly from the generator script", () => {
    const text = renderFrankingVectors()
    expect(Buffer.from(text).equals(Buffer.from(committed))).toBe(true)
  })

  it("cover every RFC 9420 cipher suite with the valid case and eight mutations", () => {
    expect(file.suites.map((s) => s.cipherSuite)).toEqual([1, 2, 3, 4, 5, 6, 7])
    for (const s of file.suites) expect(s.cases.map((c) => c.mutation)).toHaveLength(9)
  })
})

describe.each(file.suites.map((s) => [s.cipherSuite, s] as const))("cipher suite %i", (_, s) => {
  const suite = cipherSuite(s.cipherSuite)!
  const context = {
    senderUri: s.hub.senderUri, roomUri: s.hub.roomUri, acceptedTimestamp: BigInt(s.hub.acceptedTimestamp),
  }

  it("the oracle re-derives the hub's intermediate values and verifies its signature", () => {
    const tag = computeFrankingTag(h(s.hub.salt), h(s.hub.content))
    expect(hex(tag)).toBe(s.hub.frankingTag)
    const aad = decodeFrankingTag(h(s.hub.authenticatedData))
    expect(aad.ok && aad.value && hex(aad.value)).toBe(s.hub.frankingTag)
    expect(hex(encodeServerFrankingContext(context))).toBe(s.hub.serverFrankingContext)
    const serverFrank = computeServerFrank(h(s.hub.hubKey), tag, context)
    expect(hex(serverFrank)).toBe(s.hub.serverFrank)
    expect(hex(encodeFrankingIntegrityTbs(serverFrank, s.cipherSuite, context))).toBe(s.hub.frankingIntegrityTbs)
    const frank = frankOf(s.hub.frank)
    expect(hex(frank.serverFrank)).toBe(s.hub.serverFrank)
    expect(verifyFrankSignature(suite, h(s.hub.frankingPublicKey), frank, context)).toBe(true)
  })

  it.each(s.cases.map((c) => [c.id, c] as const))("%s: receiver and hub reach the expected verdicts", (_, c) => {
    const p = c.presented
    const frank = frankOf(p.frank)
    const received = verifyReceivedFrank({
      content: h(p.content), frankingTag: h(p.frankingTag), frank, acceptedTimestamp: BigInt(p.acceptedTimestamp),
      roomUri: p.roomUri, groupCipherSuite: s.cipherSuite,
      agent: { signatureKey: h(s.hub.frankingPublicKey), domain: p.agentDomain },
      hubDomain: s.hub.hubDomain, senderUserUri: p.senderUserUri,
    }, cipherSuite)
    expect(received.ok ? null : received.rule).toBe(c.expected.receiver)
    const reported = verifyAbusiveMessage(
      { messageContent: h(p.content), frank, acceptedTimestamp: BigInt(p.acceptedTimestamp) }, p.roomUri,
      { hubKey: h(s.hub.hubKey), frankingPublicKey: h(s.hub.frankingPublicKey), groupCipherSuite: s.cipherSuite },
      cipherSuite)
    expect(reported.ok ? null : reported.rule).toBe(c.expected.report)
  })
})
