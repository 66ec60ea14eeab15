import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, test } from "vitest"
import { cli } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "conformance-cli-"))
const valid = {
  name: "lib",
  kind: "mls-client",
  adapter: "ts-mls",
  profiles: ["rfc9420"],
  capabilities: { cipherSuites: [1], features: ["mls.passive-client"] },
}

function configFile(name: string, content: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content))
  return file
}

describe.concurrent("bad target configs exit 2 and name the field", () => {
  test.each([
    ["a wrong type", { ...valid, capabilities: { cipherSuites: ["one"] } }, "/capabilities/cipherSuites/0"],
    ["an unknown field", { ...valid, colour: "blue" }, "/colour"],
    ["a missing required field", { ...valid, name: undefined }, "/name"],
    ["an unknown profile", { ...valid, profiles: ["rfc9999"] }, '"rfc9420", "mimi-protocol"'],
    ["a library target without adapter", { ...valid, adapter: undefined }, "/adapter"],
    ["invalid JSON", "{ not json", "not valid JSON"],
  ])("%s", async (name, content, named) => {
    const r = await cli(["run", "--target", configFile(`${name}.json`, content), "--out", join(dir, "out")])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("E_CONFIG_INVALID")
    expect(r.stderr).toContain(named)
  })

  test("a missing file", async () => {
    const r = await cli(["run", "--target", join(dir, "absent.json")])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("E_CONFIG_MISSING")
    expect(r.stderr).toContain("absent.json")
  })
})

describe.concurrent("usage errors exit 2 with a pointer to --help", () => {
  test.each([
    [["frobnicate"], "unknown command"],
    [["run", "--frobnicate"], "unknown option"],
    [["run", "--profile", "rfc9999"], "rfc9420, mimi-protocol, mimi-content, signal"],
    [["run", "--retries", "many"], "--retries"],
    [["run", "--shard", "3/2"], "--shard"],
    [["explain", "mls.no-such.requirement"], "unknown requirement"],
  ])("%j", async (args, message) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
  })

  test("--help exits 0 and lists the commands", async () => {
    const r = await cli(["--help"])
    expect(r.code).toBe(0)
    for (const command of ["run", "list", "explain"]) expect(r.stdout).toContain(command)
  })
})

describe.concurrent("explain", () => {
  test("prints the registry entry and its spec link", async () => {
    const r = await cli(["explain", "mls.epoch.authenticator-agrees"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("RFC 9420 §8.7")
    expect(r.stdout).toContain("https://www.rfc-editor.org/rfc/rfc9420#section-8.7")
  })
})
