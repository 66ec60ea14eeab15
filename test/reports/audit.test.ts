import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative, sep } from "node:path"
import { Command } from "commander"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { registerKeygen } from "../../harness/cli/keygen.ts"
import { registerVerify } from "../../harness/cli/verify.ts"
import type { ExitCode } from "../../harness/cli/main.ts"
import type { BundleManifest } from "../../reports/audit/manifest.ts"
import { publicKeyOf, readKey } from "../../reports/audit/sign.ts"
import { verifyBundle } from "../../reports/audit/verify.ts"
import type { RunReport } from "../../reports/model.ts"
import { prepareReport, writeAllReports } from "../../reports/write-all.ts"
import { fixtureRegistry, fixtureReport, usedKey, usedPem } from "./fixture.ts"

const signingKey = new Uint8Array(Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff))
const publicHex = publicKeyOf(signingKey)

function walk(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const path = join(dir, d.name)
      return d.isDirectory() ? walk(root, path) : [relative(root, path).split(sep).join("/")]
    })
    .sort()
}

/** Every printable form of a key we look for in the output. */
function forms(key: Uint8Array): string[] {
  const b = Buffer.from(key)
  const hex = b.toString("hex")
  return [hex, hex.toUpperCase(), b.toString("base64").replace(/=+$/, ""), b.toString("base64url")]
}

describe("audit bundle", () => {
  let out: string
  let bundle: string
  let written: string[]

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "audit-"))
    bundle = join(out, "bundle")
    const options = { audit: { privateKey: signingKey }, secrets: [usedKey], registry: fixtureRegistry }
    written = await writeAllReports(out, fixtureReport(), options)
  })
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it("writes every report, allure results and a bundle", () => {
    const names = written.map((p) => relative(out, p).split(sep).join("/"))
    for (const f of ["report.json", "junit.xml", "summary.md", "report.html", "transparency.md", "reliability.md"]) {
      expect(names).toContain(f)
      expect(names).toContain(`bundle/${f}`)
    }
    for (const f of ["manifest.json", "signature.json", "redactions.json"]) expect(names).toContain(`bundle/${f}`)
    expect(names.some((n) => /^bundle\/evidence\/\d{3}-mimi\.key-material\.claim\.txt$/.test(n))).toBe(true)
    expect(names.filter((n) => n.startsWith("allure-results/") && n.endsWith("-result.json"))).toHaveLength(7)
  })

  it("records the suite commit, config and vector hashes in the manifest", () => {
    const manifest = JSON.parse(readFileSync(join(bundle, "manifest.json"), "utf8")) as BundleManifest
    expect(manifest.suite.commit).toBe("0123456789abcdef0123456789abcdef01234567")
    expect(manifest.target.configHash).toMatch(/^c0ffee/)
    expect(manifest.vectors.manifestSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(Object.keys(manifest.vectors.files).some((f) => f.startsWith("mls/"))).toBe(true)
  })

  it("verifies with only the public key, and without it (integrity only)", () => {
    const pinned = verifyBundle(bundle, Buffer.from(publicHex, "hex"))
    expect(pinned).toMatchObject({ ok: true, keyPinned: true, problems: [] })
    expect(pinned.verified).toBe(walk(bundle).length - 2)
    expect(verifyBundle(bundle)).toMatchObject({ ok: true, keyPinned: false })
  })

  it("flipping one byte of any file fails verification and names exactly that file", () => {
    const files = walk(bundle)
    expect(files.length).toBeGreaterThan(8)
    for (const file of files) {
      const copy = mkdtempSync(join(tmpdir(), "flip-"))
      cpSync(bundle, copy, { recursive: true })
      const bytes = readFileSync(join(copy, file))
      const at = Math.floor(bytes.length / 2)
      bytes[at] = (bytes[at] ?? 0) ^ 0x01
      writeFileSync(join(copy, file), bytes)
      const result = verifyBundle(copy, Buffer.from(publicHex, "hex"))
      expect(result.ok, file).toBe(false)
      expect(result.problems.map((p) => p.file), file).toEqual([file])
      rmSync(copy, { recursive: true, force: true })
    }
  })

  it("any single-byte change of signature.json is named as such, never as the manifest", () => {
    const copy = mkdtempSync(join(tmpdir(), "sig-"))
    cpSync(bundle, copy, { recursive: true })
    const original = readFileSync(join(bundle, "signature.json"))
    for (let at = 0; at < original.length; at++) {
      const bytes = Buffer.from(original)
      bytes[at] = (bytes[at] ?? 0) ^ 0x01
      writeFileSync(join(copy, "signature.json"), bytes)
      expect(verifyBundle(copy).problems.map((p) => p.file), `byte ${at}`).toEqual(["signature.json"])
    }
    rmSync(copy, { recursive: true, force: true })
  })

  it("names added, missing files and a foreign signer", () => {
    const copy = mkdtempSync(join(tmpdir(), "edit-"))
    cpSync(bundle, copy, { recursive: true })
    writeFileSync(join(copy, "extra.txt"), "x")
    rmSync(join(copy, "summary.md"))
    expect(verifyBundle(copy).problems).toEqual([
      { file: "summary.md", problem: "missing" },
      { file: "extra.txt", problem: "unlisted" },
    ])
    const other = publicKeyOf(new Uint8Array(32).fill(9))
    const foreign = verifyBundle(bundle, Buffer.from(other, "hex")).problems.map((p) => p.problem)
    expect(foreign).toEqual(["key-mismatch", "signature-invalid"])
    rmSync(copy, { recursive: true, force: true })
  })

  it("the reports and the bundle hold none of the private keys the run used, nor the signing key", () => {
    const pemBody = usedPem.split("\n")[1] ?? ""
    const needles = [...forms(usedKey), ...forms(signingKey), pemBody]
    for (const file of walk(out)) {
      const bytes = readFileSync(join(out, file))
      const text = bytes.toString("utf8")
      for (const n of needles) expect(text.includes(n), `${file} holds ${n.slice(0, 8)}…`).toBe(false)
      expect(bytes.includes(Buffer.from(usedKey)), file).toBe(false)
      expect(bytes.includes(Buffer.from(signingKey)), file).toBe(false)
    }
    // The scan can fail: the same fixture without redaction does hold the key.
    const raw = JSON.stringify(fixtureReport())
    expect(forms(usedKey).some((n) => raw.includes(n))).toBe(true)
    expect(raw.includes(pemBody)).toBe(true)
  })

  it("redaction is deterministic and recorded", () => {
    const a = prepareReport(fixtureReport(), { registry: fixtureRegistry, secrets: [usedKey] })
    const b = prepareReport(fixtureReport(), { registry: fixtureRegistry, secrets: [usedKey] })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(prepareReport(a, { secrets: [usedKey] }))).toBe(JSON.stringify(a))
    expect(a.redactions?.map((r) => `${r.scenario} ${r.field} ${r.kind}`)).toEqual([
      "mimi.key-material.claim evidence[0] authorization",
      "mimi.key-material.claim evidence[0] secret-field",
      "mimi.key-material.claim evidence[1] private-key-pem",
      "mimi.key-material.claim evidence[1] known-secret",
    ])
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as RunReport
    expect(report.redactions).toHaveLength(4)
  })

  const run = async (argv: string[]): Promise<{ code: ExitCode; text: string }> => {
    let code: ExitCode = 2
    let text = ""
    const sink = { write: (s: string) => (text += s) }
    const io = { stdout: sink, stderr: sink } as never
    const program = new Command("conformance").exitOverride()
    registerVerify(program, io, (c) => (code = c))
    registerKeygen(program, io, (c) => (code = c))
    await program.parseAsync(["node", "conformance", ...argv])
    return { code, text }
  }

  it("`conformance keygen` writes a key that signs a bundle that verifies with the printed public key", async () => {
    const keyDir = mkdtempSync(join(tmpdir(), "key-"))
    const keyFile = join(keyDir, "signing.key")
    const made = await run(["keygen", "--out", keyFile])
    expect(made.code).toBe(0)
    const pub = /public key:\s+([0-9a-f]{64})/.exec(made.text)?.[1] ?? ""
    expect((statSync(keyFile).mode & 0o777).toString(8)).toBe("600")
    await expect(run(["keygen", "--out", keyFile])).rejects.toThrow("refusing to overwrite")
    const dir = mkdtempSync(join(tmpdir(), "keygen-"))
    const audit = { privateKey: readKey(keyFile, "key") }
    await writeAllReports(dir, fixtureReport(), { audit, registry: fixtureRegistry })
    expect(await run(["verify", dir, "--key", pub])).toMatchObject({ code: 0 })
    rmSync(dir, { recursive: true, force: true })
    rmSync(keyDir, { recursive: true, force: true })
  })

  it("`conformance verify` exits 0 on an intact bundle and 1 naming the changed file", async () => {
    expect(await run(["verify", out, "--key", publicHex])).toMatchObject({ code: 0 })
    const copy = mkdtempSync(join(tmpdir(), "cli-"))
    cpSync(bundle, copy, { recursive: true })
    const file = join(copy, "junit.xml")
    writeFileSync(file, readFileSync(file, "utf8").replace("testsuites", "testsuiteX"))
    const bad = await run(["verify", copy, "--key", publicHex])
    expect(bad.code).toBe(1)
    expect(bad.text).toContain("FAIL junit.xml: changed")
    rmSync(copy, { recursive: true, force: true })
  })
})
