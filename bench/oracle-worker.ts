/** Worker of the oracle-vectors bench: runs the oracle over the vector families it is given. */
import { parentPort } from "node:worker_threads"
import { loadVectorFile } from "../harness/vectors/load.ts"
import type { Family, VectorCase } from "./families.ts"
import { oracleRunners } from "./oracle-families.ts"

export interface OracleJob { families: Family[]; slice?: number }
export interface OracleAnswer { cases: number; failed: string[] }

async function run({ families, slice }: OracleJob): Promise<OracleAnswer> {
  const answer: OracleAnswer = { cases: 0, failed: [] }
  for (const f of families) {
    const cases = loadVectorFile<VectorCase[]>(`mls/${f}.json`)
    const t = await oracleRunners[f](slice === undefined ? cases : cases.slice(0, slice))
    answer.cases += t.cases
    answer.failed.push(...t.failed.map((x) => `${f} ${x}`))
  }
  return answer
}

// Load every oracle module before saying "ready", as the main thread did before its own timing.
for (const runner of Object.values(oracleRunners)) await runner([]).catch(() => undefined)

parentPort!.on("message", (job: OracleJob) => {
  const answer = (a: OracleAnswer) => parentPort!.postMessage(a)
  run(job).then(answer, (e: Error) => answer({ cases: 0, failed: [e.message] }))
})
parentPort!.postMessage("ready")
