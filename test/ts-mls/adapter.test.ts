import { describe, expect, test } from "vitest"
import { decodeGroupInfo } from "../../harness/protocol/mls/codec/group-info.ts"
import { decodeMlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { loadPassiveCases, loadWelcomeCases, type PassiveCase } from "../../harness/vectors/mls-passive.ts"
import { createTsMlsClient } from "../../targets/ts-mls/client.ts"
import type { Outcome, PassiveMember } from "../../targets/types.ts"
import { joinRequest } from "../../suites/rfc9420/vectors/passive-client.ts"

const client = createTsMlsClient()

function byId(cases: PassiveCase[], id: string): PassiveCase {
  const found = cases.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no vector case ${id}`)
  return found
}


function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.kind}: ${outcome.detail}`)
  return outcome.value
}

async function authenticator(member: PassiveMember): Promise<string> {
  return Buffer.from(value(await member.epochAuthenticator())).toString("hex")
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const flipped = (b: Uint8Array, at: number) => Uint8Array.from(b, (x, i) => (i === at ? x ^ 0x01 : x))

const welcomeFamily = loadPassiveCases("welcome")
const commitFamily = loadPassiveCases("handling-commit")
const randomFamily = loadPassiveCases("random")

describe("ts-mls adapter: what it offers", () => {
  test("names the library and its installed version", () => {
    expect(client.implementation).toBe("ts-mls")
    expect(client.implementationVersion).toBe("1.6.4")
  })

  test("supports RFC 9420 suites 1-7, not the PQ suites whose optional packages are absent", async () => {
    expect(value(await client.supportedCipherSuites())).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  test("an unknown cipher suite is unsupported, not rejected", async () => {
    const v = byId(welcomeFamily, "cs=1 #0")
    const outcome = await client.joinPassive({ ...joinRequest(v), cipherSuite: 0x7777 })
    expect(outcome).toMatchObject({ ok: false, kind: "unsupported" })
  })
})

describe("ts-mls adapter: joins and follows the vectors", () => {
  test("passive-client-welcome cs=2 #6: tree given and an external PSK", async () => {
    const v = byId(welcomeFamily, "cs=2 #6")
    expect(v.ratchetTree).toBeDefined()
    expect(v.externalPsks).toHaveLength(1)
    const member = value(await client.joinPassive(joinRequest(v)))
    expect(await authenticator(member)).toBe(hex(v.initialEpochAuthenticator))
  })

  test("passive-client-handling-commit cs=1 #12: six proposals by reference", async () => {
    const v = byId(commitFamily, "cs=1 #12")
    expect(v.epochs.map((e) => e.proposals.length)).toEqual([0, 6])
    const member = value(await client.joinPassive(joinRequest(v)))
    expect(await authenticator(member)).toBe(hex(v.initialEpochAuthenticator))
    for (const epoch of v.epochs) {
      value(await member.processEpoch(epoch.proposals, epoch.commit))
      expect(await authenticator(member)).toBe(hex(epoch.epochAuthenticator))
    }
  })

  test("passive-client-random cs=1 #0: the first 20 of 200 epochs", async () => {
    const v = byId(randomFamily, "cs=1 #0")
    const member = value(await client.joinPassive(joinRequest(v)))
    expect(await authenticator(member)).toBe(hex(v.initialEpochAuthenticator))
    const epochs: number[] = []
    for (const epoch of v.epochs.slice(0, 20)) {
      epochs.push(value(await member.processEpoch(epoch.proposals, epoch.commit)).epoch)
      expect(await authenticator(member)).toBe(hex(epoch.epochAuthenticator))
    }
    expect(epochs.every((e, i) => i === 0 || e === epochs[i - 1]! + 1)).toBe(true)
  })
})

describe("ts-mls adapter: refused input comes back as rejected, never thrown", () => {
  const v = byId(welcomeFamily, "cs=1 #7")

  test("a Welcome whose encrypted GroupInfo has a flipped byte", async () => {
    const outcome = await client.joinPassive({ ...joinRequest(v), welcome: flipped(v.welcome, v.welcome.length - 3) })
    expect(outcome).toMatchObject({ ok: false, kind: "rejected" })
  })

  test("a missing external PSK", async () => {
    const outcome = await client.joinPassive({ ...joinRequest(v), externalPsks: [] })
    expect(outcome).toMatchObject({ ok: false, kind: "rejected" })
  })

  test("a missing ratchet tree when the Welcome does not carry it", async () => {
    const { ratchetTree: _omitted, ...withoutTree } = joinRequest(v)
    const outcome = await client.joinPassive(withoutTree)
    expect(outcome).toMatchObject({ ok: false, kind: "rejected", detail: expect.stringContaining("RatchetTree") })
  })

  test("bytes that are not an MLSMessage(KeyPackage), or carry a trailing byte", async () => {
    const garbage = await client.joinPassive({ ...joinRequest(v), keyPackage: Uint8Array.of(0, 1, 0, 9) })
    expect(garbage).toMatchObject({ ok: false, kind: "rejected", detail: expect.stringContaining("key_package") })
    const trailing = await client.joinPassive({ ...joinRequest(v), welcome: Uint8Array.from([...v.welcome, 0]) })
    expect(trailing).toMatchObject({ ok: false, kind: "rejected", detail: expect.stringContaining("trailing") })
  })

  test("a commit without the proposals it references; the member stays in its epoch", async () => {
    const c = byId(commitFamily, "cs=1 #12")
    const member = value(await client.joinPassive(joinRequest(c)))
    const [first, second] = c.epochs
    value(await member.processEpoch(first!.proposals, first!.commit))
    const before = await authenticator(member)
    expect(await member.processEpoch([], second!.commit)).toMatchObject({ ok: false, kind: "rejected" })
    expect(await authenticator(member)).toBe(before)
    value(await member.processEpoch(second!.proposals, second!.commit))
    expect(await authenticator(member)).toBe(hex(second!.epochAuthenticator))
  })

  test("a Welcome offered where a commit is expected", async () => {
    const c = byId(commitFamily, "cs=1 #0")
    const member = value(await client.joinPassive(joinRequest(c)))
    const outcome = await member.processEpoch([], c.welcome)
    expect(outcome).toMatchObject({ ok: false, kind: "rejected", detail: expect.stringContaining("mls_welcome") })
  })
})

describe("ts-mls adapter: openWelcome on welcome.json", () => {
  const cases = loadWelcomeCases()

  test.each(cases.map((c) => [c.id, c] as const))("%s decrypts, and both verdicts are positive", async (_id, c) => {
    const opened = value(await client.openWelcome(c))
    expect(decodeGroupInfo(opened.groupInfo).ok).toBe(true)
    expect(opened.signatureValid).toBe(true)
    expect(opened.confirmationTagValid).toBe(true)
  })

  test("a key that did not sign the GroupInfo gets a negative signature verdict", async () => {
    const c = cases[0]!
    const kp = decodeMlsMessage(c.keyPackage)
    if (!kp.ok || kp.value.wireFormat !== "mls_key_package") throw new Error("key_package does not decode")
    const opened = value(await client.openWelcome({ ...c, signerPub: kp.value.keyPackage.leafNode.signatureKey }))
    expect(opened.signatureValid).toBe(false)
    expect(opened.confirmationTagValid).toBe(true)
  })

  test("the wrong init_priv is rejected", async () => {
    const [a, b] = cases
    const outcome = await client.openWelcome({ ...a!, initPriv: b!.initPriv })
    expect(outcome).toMatchObject({ ok: false, kind: "rejected" })
  })
})
