import { createHash } from "node:crypto"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, test } from "vitest"
import { HarnessError } from "../../harness/engine/errors.ts"
import { loadPassiveCases, loadWelcomeCases, type PassiveFamily } from "../../harness/vectors/mls-passive.ts"

describe("passive-client and welcome vector loaders", () => {
  test.each([
    ["welcome", 56, 8],
    ["handling-commit", 91, 13],
    ["random", 1, 1],
  ] as const)("passive-client-%s: %i cases, stable IDs per cipher suite", (family: PassiveFamily, total, perSuite) => {
    const cases = loadPassiveCases(family)
    expect(cases).toHaveLength(total)
    expect(new Set(cases.map((c) => c.id)).size).toBe(total)
    const first = cases.filter((c) => c.cipherSuite === 1)
    expect(first.map((c) => c.id)).toEqual(Array.from({ length: perSuite }, (_, i) => `cs=1 #${i}`))
    expect(cases.every((c, i) => c.index === i && c.file === `mls/passive-client-${family}.json`)).toBe(true)
  })

  test("hex becomes bytes, a null ratchet_tree becomes undefined", () => {
    const [noTree] = loadPassiveCases("welcome")
    expect(noTree!.ratchetTree).toBeUndefined()
    // MLSMessage: version mls10 (1), wire format mls_key_package (5) / mls_welcome (3).
    expect([...noTree!.keyPackage.subarray(0, 4)]).toEqual([0, 1, 0, 5])
    expect([...noTree!.welcome.subarray(0, 4)]).toEqual([0, 1, 0, 3])
    const withEpochs = loadPassiveCases("handling-commit")[12]!
    expect(withEpochs.epochs[1]!.proposals).toHaveLength(6)
    expect(withEpochs.epochs[1]!.epochAuthenticator).toBeInstanceOf(Uint8Array)
    expect(withEpochs.externalPsks[0]!.pskId.length).toBeGreaterThan(0)
  })

  test("welcome.json: one case per cipher suite 1-7", () => {
    const cases = loadWelcomeCases()
    expect(cases.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `cs=${n} #0`))
    expect(cases.every((c) => c.signerPub.length > 0 && c.initPriv.length > 0)).toBe(true)
  })
})

describe("malformed vector files are harness errors naming the field", () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  function vectorsDir(content: unknown, file = "mls/welcome.json"): string {
    const dir = mkdtempSync(join(tmpdir(), "vectors-"))
    dirs.push(dir)
    mkdirSync(join(dir, "mls"))
    const bytes = JSON.stringify(content)
    writeFileSync(join(dir, file), bytes)
    const sha256 = createHash("sha256").update(bytes).digest("hex")
    const manifest = { schemaVersion: 1, files: { [file]: { source: "test", path: file, commit: "0", sha256 } } }
    writeFileSync(join(dir, "MANIFEST.json"), JSON.stringify(manifest))
    return dir
  }

  const good = { cipher_suite: 1, init_priv: "00", signer_pub: "01", key_package: "02", welcome: "03" }

  function thrown(fn: () => unknown): HarnessError {
    try {
      fn()
    } catch (e) {
      if (e instanceof HarnessError) return e
      throw e
    }
    throw new Error("expected a HarnessError")
  }

  test("a well-formed minimal file loads", () => {
    expect(loadWelcomeCases(vectorsDir([good]))[0]!.signerPub).toEqual(Uint8Array.of(1))
  })

  test("odd-length hex", () => {
    const e = thrown(() => loadWelcomeCases(vectorsDir([good, { ...good, welcome: "abc" }])))
    expect(e.code).toBe("E_SCENARIO_LOAD")
    expect(e.where).toBe("mls/welcome.json/1/welcome")
  })

  test("a cipher suite that is not a uint16", () => {
    const e = thrown(() => loadWelcomeCases(vectorsDir([{ ...good, cipher_suite: "1" }])))
    expect(e.where).toBe("mls/welcome.json/0/cipher_suite")
  })

  test("a bad nested field in an epoch", () => {
    const file = "mls/passive-client-random.json"
    const epoch = { proposals: ["00", "zz"], commit: "00", epoch_authenticator: "00" }
    const kase = {
      cipher_suite: 1, external_psks: [], key_package: "00", signature_priv: "00", encryption_priv: "00",
      init_priv: "00", welcome: "00", ratchet_tree: null, initial_epoch_authenticator: "00", epochs: [epoch],
    }
    const e = thrown(() => loadPassiveCases("random", vectorsDir([kase], file)))
    expect(e.where).toBe("mls/passive-client-random.json/0/epochs/0/proposals/1")
  })

  test("a file that is not an array of cases", () => {
    expect(thrown(() => loadWelcomeCases(vectorsDir({ cases: [] }))).code).toBe("E_SCENARIO_LOAD")
  })

  test("the manifest checksum still guards the file", () => {
    const dir = vectorsDir([good])
    writeFileSync(join(dir, "mls/welcome.json"), JSON.stringify([good, good]))
    expect(thrown(() => loadWelcomeCases(dir)).code).toBe("E_VECTOR_CHECKSUM")
  })
})
