/** Worker-thread entry of LeafSignaturePool: answers each batch with the leaves whose signature fails. */
import { parentPort, workerData } from "node:worker_threads"
import { cipherSuite } from "../crypto/suites.ts"
import { verifyBatch, type SignatureBatch } from "./signature-batch.ts"

export interface BatchJob extends SignatureBatch {
  readonly id: number
}

export type BatchAnswer = { id: number; bad: number[] } | { id: number; error: string }

const port = parentPort
if (port !== null && (workerData as { role?: string } | null)?.role === "leaf-signatures") {
  port.on("message", (job: BatchJob) => {
    const suite = cipherSuite(job.suite)
    const answer: BatchAnswer = suite === undefined ? { id: job.id, error: `unknown cipher suite ${job.suite}` }
      : { id: job.id, bad: verifyBatch(suite, job) }
    port.postMessage(answer)
  })
  port.postMessage("ready")
}
