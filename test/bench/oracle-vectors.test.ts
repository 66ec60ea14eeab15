import { describe, expect, it } from "vitest"
import { runOracleVectors } from "../../bench/oracle-vectors.ts"
import { FAMILIES, type Family } from "../../bench/families.ts"
import { oracleRunners } from "../../bench/oracle-families.ts"
import { tsMlsRunners } from "../../bench/tsmls-families.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

// passive-client-random is one long case (≈10 s in ts-mls): left out of the smoke run.
const QUICK = FAMILIES.filter((f) => f !== "passive-client-random")

interface SideData { wallMs: number; failed: string[] }
interface Data {
  families: { family: Family; cases: number; oracle: SideData | string; tsMls: SideData | string }[]
  twoWorkers: { cases: number; failed: string[] }
}

describe("oracle-vectors bench", () => {
  it("runs both sides over the first case of every family and prints each", async () => {
    const r = await runOracleVectors(QUICK, 1)
    const data = r.data as Data
    expect(data.families.map((f) => f.family)).toEqual(QUICK)
    for (const f of data.families) {
      expect(f.cases, f.family).toBe(1)
      expect(f.oracle, f.family).toMatchObject({ failed: [] })
      expect(f.tsMls, f.family).toMatchObject({ failed: [] })
      expect(r.table).toContain(`| ${f.family} | 1 |`)
    }
    expect(data.twoWorkers).toMatchObject({ cases: QUICK.length, failed: [] })
    expect(r.table).toContain("issue 3 target")
  }, 60_000)

  it("prints n/a for a family whose oracle cannot load, never a number", async () => {
    const broken = { ...oracleRunners, "psk_secret": () => Promise.reject(new Error("no such module")) }
    const r = await runOracleVectors(["psk_secret"], 1, broken)
    expect(r.table).toContain("| psk_secret | 1 | – | n/a (oracle missing): no such module |")
  })

  it("both sides report a case whose expected value was altered", async () => {
    const [c] = loadVectorFile<Record<string, string>[]>("mls/psk_secret.json")
    const altered = { ...c, psk_secret: c!.psk_secret!.replace(/^./, (d) => (d === "0" ? "1" : "0")) }
    expect((await oracleRunners.psk_secret([altered])).failed).toEqual(["cs=1 #0: psk_secret"])
    expect((await tsMlsRunners.psk_secret!([altered])).failed).toEqual(["cs=1 #0: psk_secret"])
  })
})
