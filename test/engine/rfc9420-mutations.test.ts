/**
 * Every check of the rfc9420 vector scenarios can fail: each mutated vector below makes exactly the
 * scenario it targets fail, with the requirement the mutation breaks.
 */
import { createHash } from "node:crypto"
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { PassThrough } from "node:stream"
import { beforeAll, describe, expect, test } from "vitest"
import { builtInTarget } from "../../harness/config/default-target.ts"
import { expandCapabilities } from "../../harness/config/load.ts"
import { runScenarios } from "../../harness/engine/runner.ts"
import { decodeMlsMessage, encodeGroupInfo, encodeGroupSecrets, encodeMlsMessage } from "../../harness/protocol/mls/codec/index.ts"
import { fromHex, hex } from "../../harness/protocol/mls/crypto/bytes.ts"
import { encryptWithLabel } from "../../harness/protocol/mls/crypto/labeled.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { keyPackageRef, openWelcome } from "../../harness/protocol/mls/message/welcome.ts"
import { deriveWelcomeSecret, welcomeKeyNonce } from "../../harness/protocol/mls/schedule/key-schedule.ts"
import { ScenarioCollector } from "../../reports/collect.ts"
import type { ScenarioResult } from "../../reports/model.ts"

const root = resolve(import.meta.dirname, "../..")
const flip = (h: string, at: number): string => `${h.slice(0, at)}${h[at] === "0" ? "1" : "0"}${h.slice(at + 1)}`
type Json = Record<string, unknown>

/** Rewrites one vector file of a copied vectors folder and its manifest entry. */
function rewrite(dir: string, file: string, change: (cases: Json[]) => void): void {
  const path = join(dir, "mls", file)
  const cases = JSON.parse(readFileSync(path, "utf8")) as Json[]
  change(cases)
  const text = JSON.stringify(cases)
  writeFileSync(path, text)
  const manifestPath = join(dir, "MANIFEST.json")
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: Record<string, { sha256: string }> }
  manifest.files[`mls/${file}`]!.sha256 = createHash("sha256").update(text).digest("hex")
  writeFileSync(manifestPath, JSON.stringify(manifest))
}

/** welcome.json's first case, re-encrypted by the suite's oracle with a flipped confirmation tag. */
function wrongConfirmationTag(c: Json): void {
  const cs = cipherSuite(c["cipher_suite"] as number)!
  const priv = fromHex(c["init_priv"] as string)
  const ref = keyPackageRef(cs, fromHex(c["key_package"] as string).subarray(4))
  const message = decodeMlsMessage(fromHex(c["welcome"] as string))
  if (!message.ok || message.value.wireFormat !== "mls_welcome") throw new Error("not a Welcome")
  const opened = openWelcome(cs, message.value.welcome, ref, priv, () => undefined)
  if (!opened.ok) throw new Error(opened.detail)
  const { groupInfo, groupSecrets } = opened.value
  const bad = { ...groupInfo, confirmationTag: groupInfo.confirmationTag.map((b) => b ^ 1) }
  const { key, nonce } = welcomeKeyNonce(cs, deriveWelcomeSecret(cs, groupSecrets.joinerSecret, undefined))
  const encryptedGroupInfo = cs.aeadSeal(key, nonce, new Uint8Array(0), encodeGroupInfo(bad))
  const sealed = encryptWithLabel(cs, cs.hpkePublicKey(priv)!, "Welcome", encryptedGroupInfo, encodeGroupSecrets(groupSecrets))!
  const welcome = { cipherSuite: cs.id, encryptedGroupInfo, secrets: [{ newMember: ref, encryptedGroupSecrets: sealed }] }
  c["welcome"] = hex(encodeMlsMessage({ ...message.value, welcome }))
}

const byId = new Map<string, ScenarioResult>()

beforeAll(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "rfc9420-mutations-")), "vectors")
  cpSync(join(root, "vectors"), dir, { recursive: true })
  rewrite(dir, "passive-client-welcome.json", (cases) => {
    const c = cases.filter((x) => x["cipher_suite"] === 1)[1]!
    c["welcome"] = flip(c["welcome"] as string, 200)
  })
  rewrite(dir, "passive-client-handling-commit.json", (cases) => {
    const epoch = (cases[0]!["epochs"] as Json[])[0]!
    epoch["commit"] = flip(epoch["commit"] as string, (epoch["commit"] as string).length - 40)
  })
  rewrite(dir, "welcome.json", (cases) => {
    const [first, second] = cases.filter((x) => x["cipher_suite"] === 1 || x["cipher_suite"] === 2)
    second!["signer_pub"] = flip(second!["signer_pub"] as string, 10)
    wrongConfirmationTag(first!)
  })
  const collector = new ScenarioCollector(root)
  await runScenarios({
    root,
    include: ["suites/rfc9420/**/*.suite.ts"],
    context: {
      runId: "rfc9420-mutations",
      profiles: ["rfc9420"],
      capabilities: expandCapabilities(builtInTarget),
      target: { name: "ts-mls", kind: "mls-client", config: { adapter: "ts-mls" } },
      vectorsDir: dir,
      scenarioTimeoutMs: 120_000,
      now: "2026-01-01T00:00:00.000Z",
    },
    reporters: [collector],
    retries: 0,
    titlePattern: "(passive-client-welcome cs=1 #1|passive-client-handling-commit cs=1 #0|welcome cs=[12] #0)\\)",
    log: new PassThrough(),
  })
  for (const s of collector.scenarios) byId.set(s.id, s)
}, 300_000)

describe("mutated vectors fail their scenario with the requirement they break", () => {
  test.each([
    ["mls.passive.welcome[cs=1 #1]", "mls.welcome.join-succeeds"],
    ["mls.passive.handling-commit[cs=1 #0]", "mls.commit.valid-commit-processed"],
    ["mls.welcome.open[cs=2 #0]", "mls.welcome.group-info-signature-verified"],
    ["mls.welcome.open[cs=1 #0]", "mls.welcome.confirmation-tag-verified"],
  ])("%s fails %s", (id, requirement) => {
    const s = byId.get(id)
    expect(s?.verdict).toBe("fail")
    expect(s?.checks.filter((c) => c.verdict === "fail").map((c) => c.id)).toContain(requirement)
  })
})
