import { describe, expect, it } from "vitest"
import { loadVectorFile } from "../../harness/vectors/load.ts"
import { fromHex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { followGroup, type PassiveEpoch } from "../../harness/protocol/mls/passive/run.ts"
import { joinFromWelcome, type JoinInput } from "../../harness/protocol/mls/passive/join.ts"
import { processCommit } from "../../harness/protocol/mls/passive/commit.ts"
import type { MemberState } from "../../harness/protocol/mls/passive/state.ts"

interface PassiveCase {
  cipher_suite: number; external_psks: { psk_id: string; psk: string }[]; key_package: string
  signature_priv: string; encryption_priv: string; init_priv: string; welcome: string; ratchet_tree: string | null
  initial_epoch_authenticator: string
  epochs: { proposals: string[]; commit: string; epoch_authenticator: string }[]
}

function inputsOf(c: PassiveCase): { join: JoinInput; epochs: PassiveEpoch[] } {
  return {
    join: {
      keyPackage: fromHex(c.key_package), initPrivateKey: fromHex(c.init_priv),
      encryptionPrivateKey: fromHex(c.encryption_priv), signaturePrivateKey: fromHex(c.signature_priv),
      welcome: fromHex(c.welcome), ...(c.ratchet_tree === null ? {} : { ratchetTree: fromHex(c.ratchet_tree) }),
      externalPsks: c.external_psks.map((p) => ({ pskId: fromHex(p.psk_id), psk: fromHex(p.psk) })),
    },
    epochs: c.epochs.map((e) => ({
      proposals: e.proposals.map(fromHex), commit: fromHex(e.commit),
      epochAuthenticator: fromHex(e.epoch_authenticator),
    })),
  }
}

const FAMILIES = [
  ["passive-client-welcome", 56],
  ["passive-client-handling-commit", 91],
  ["passive-client-random", 1],
] as const

describe.each(FAMILIES)("%s.json", (family, count) => {
  const cases = loadVectorFile<PassiveCase[]>(`mls/${family}.json`)
  it(`has ${count} cases`, () => expect(cases.length).toBe(count))

  it.each(cases.map((c, i) => [`cs=${c.cipher_suite} #${i}`, c] as const))("%s follows every epoch", (_id, c) => {
    const { join, epochs } = inputsOf(c)
    const r = followGroup(join, fromHex(c.initial_epoch_authenticator), epochs)
    const got = r.ok ? `followed ${r.epochsFollowed}` : `epoch ${r.epoch}: ${r.rule}: ${r.detail}`
    expect(got).toBe(`followed ${c.epochs.length}`)
  })
})

describe("the passive member refuses what breaks a rule", () => {
  const welcomeCases = loadVectorFile<PassiveCase[]>("mls/passive-client-welcome.json")
  const commitCases = loadVectorFile<PassiveCase[]>("mls/passive-client-handling-commit.json")
  const run = (c: PassiveCase, edit: (i: ReturnType<typeof inputsOf>) => void = () => {}) => {
    const i = inputsOf(c)
    edit(i)
    return followGroup(i.join, fromHex(c.initial_epoch_authenticator), i.epochs)
  }

  it("a wrong epoch authenticator is reported at its epoch", () => {
    const c = commitCases[0]!
    const r = run(c, (i) => { i.epochs[1] = { ...i.epochs[1]!, epochAuthenticator: new Uint8Array(32) } })
    expect(r).toMatchObject({ ok: false, epoch: 2, rule: "mls.epoch.authenticator-agrees" })
    expect(followGroup(inputsOf(c).join, new Uint8Array(32), []))
      .toMatchObject({ epoch: 0, rule: "mls.epoch.authenticator-agrees" })
  })

  it("a commit whose referenced proposals are missing", () => {
    const c = commitCases.find((x) => x.epochs.some((e) => e.proposals.length > 0))!
    const at = c.epochs.findIndex((e) => e.proposals.length > 0)
    const r = run(c, (i) => { i.epochs[at] = { ...i.epochs[at]!, proposals: [] } })
    expect(r).toMatchObject({ ok: false, epoch: at + 1, rule: "mls.commit.proposal-ref-known" })
  })

  it("a tampered commit byte", () => {
    const c = commitCases[0]!
    const r = run(c, (i) => {
      const bytes = i.epochs[0]!.commit.slice()
      bytes[bytes.length - 3]! ^= 1
      i.epochs[0] = { ...i.epochs[0]!, commit: bytes }
    })
    expect(r).toMatchObject({ ok: false, epoch: 1 })
  })

  it("a missing or wrong external PSK, a missing tree, a wrong private key, a foreign tree", () => {
    const withPsk = welcomeCases.find((c) => c.external_psks.length > 0)!
    expect(run(withPsk, (i) => { i.join = { ...i.join, externalPsks: [] } }))
      .toMatchObject({ rule: "mls.welcome.psk-known" })
    expect(run(withPsk, (i) => {
      i.join = { ...i.join, externalPsks: i.join.externalPsks!.map((p) => ({ ...p, psk: p.psk.map((b) => b ^ 1) })) }
    })).toMatchObject({ rule: "mls.welcome.group-info-decrypts" })
    const outOfBand = welcomeCases.filter((c) => c.ratchet_tree !== null)
    const { ratchetTree: _drop, ...noTree } = inputsOf(outOfBand[0]!).join
    expect(followGroup(noTree, new Uint8Array(0), [])).toMatchObject({ rule: "mls.welcome.ratchet-tree-available" })
    const first = outOfBand[0]!
    const foreign = outOfBand
      .find((c) => c.cipher_suite === first.cipher_suite && c.ratchet_tree !== first.ratchet_tree)!
    expect(run(outOfBand[0]!, (i) => { i.join = { ...i.join, ratchetTree: fromHex(foreign.ratchet_tree!) } }))
      .toMatchObject({ ok: false, epoch: 0, rule: "mls.ratchet-tree.tree-hash-matches" })
    expect(run(withPsk, (i) => { i.join = { ...i.join, initPrivateKey: i.join.encryptionPrivateKey } }))
      .toMatchObject({ rule: "mls.welcome.private-keys-match" })
  })
})

describe("mutated commits and proposals give a typed outcome, never a throw", () => {
  const cases = loadVectorFile<PassiveCase[]>("mls/passive-client-handling-commit.json")
  const states = new Map<number, MemberState[]>()
  function statesOf(index: number): MemberState[] {
    let list = states.get(index)
    if (list === undefined) {
      const { join, epochs } = inputsOf(cases[index]!)
      const joined = joinFromWelcome(join)
      if (!joined.ok) throw new Error(joined.rule)
      list = [joined.value]
      for (const e of epochs) {
        const next = processCommit(list[list.length - 1]!, e.commit, e.proposals)
        if (!next.ok) throw new Error(next.rule)
        list.push(next.value)
      }
      states.set(index, list)
    }
    return list
  }

  it("300 single-bit mutations (fixed seed)", () => {
    let seed = 12345
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n)
    const rules = new Set<string>()
    for (let k = 0; k < 300; k++) {
      const index = rand(cases.length)
      const epochs = inputsOf(cases[index]!).epochs
      const e = rand(epochs.length)
      const target = epochs[e]!
      const pick = rand(target.proposals.length + 1)
      const bytes = (pick === target.proposals.length ? target.commit : target.proposals[pick]!).slice()
      bytes[rand(bytes.length)]! ^= 1 << rand(8)
      const proposals = target.proposals.map((p, i) => (i === pick ? bytes : p))
      const commit = pick === target.proposals.length ? bytes : target.commit
      const r = processCommit(statesOf(index)[e]!, commit, proposals)
      if (!r.ok) rules.add(r.rule)
    }
    expect(rules.size).toBeGreaterThan(1)
  })
})
