import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { packBatch } from "./signature-batch.ts"
import type { BatchAnswer, BatchJob } from "./signature-worker.ts"
import type { Tree } from "./tree.ts"

/** Leaves per batch: small enough that workers start early and end together, large enough to amortise a post. */
const BATCH_LEAVES = 2048

/**
 * Worker threads run TypeScript through tsx, which they do not inherit: the bootstrap registers it
 * when this module is itself TypeScript, then loads the worker entry.
 */
function bootstrap(): string {
  const entry = new URL("./signature-worker.ts", import.meta.url).href
  if (!import.meta.url.endsWith(".ts")) return `import(${JSON.stringify(entry.replace(/\.ts$/, ".js"))})`
  const require = createRequire(import.meta.url)
  const tsx = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
}

interface Pending {
  resolve(bad: number[]): void
  reject(e: Error): void
}

/**
 * A pool of worker threads that verify leaf signatures (VerifyWithLabel "LeafNodeTBS", §7.2) in
 * batches. Start it once and reuse it: start-up (loading the oracle in each thread) costs more than
 * verifying a thousand leaves.
 */
export class LeafSignaturePool {
  private nextId = 0
  private readonly pending = new Map<number, Pending>()

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on("message", (m: BatchAnswer) => {
        const p = this.pending.get(m.id)
        this.pending.delete(m.id)
        if ("error" in m) p?.reject(new Error(m.error))
        else p?.resolve(m.bad)
      })
      w.on("error", (e) => this.failAll(e))
    }
  }

  static async start(size = 2): Promise<LeafSignaturePool> {
    const code = bootstrap()
    const workers = await Promise.all(Array.from({ length: size }, () => new Promise<Worker>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { role: "leaf-signatures" } })
      w.once("message", () => resolve(w))
      w.once("error", reject)
    })))
    return new LeafSignaturePool(workers)
  }

  get size(): number {
    return this.workers.length
  }

  /**
   * Posts every non-blank leaf of the tree to the workers before returning, so the caller can do
   * other work on this thread while they verify. Resolves to the leaf indices whose signature fails,
   * ascending.
   */
  verifyLeafSignatures(suite: CipherSuite, tree: Tree, groupId: Uint8Array): Promise<number[]> {
    const answers: Promise<number[]>[] = []
    for (let from = 0, k = 0; from < tree.nLeaves; from += BATCH_LEAVES, k++) {
      const batch = packBatch(suite, tree, groupId, from, Math.min(tree.nLeaves, from + BATCH_LEAVES))
      if (batch.leaves.length === 0) continue
      const job: BatchJob = { id: this.nextId++, ...batch }
      answers.push(new Promise((resolve, reject) => this.pending.set(job.id, { resolve, reject })))
      const transfer = [job.packed.buffer as ArrayBuffer, job.leaves.buffer as ArrayBuffer]
      this.workers[k % this.workers.length]!.postMessage(job, transfer)
    }
    return Promise.all(answers).then((lists) => lists.flat())
  }

  async close(): Promise<void> {
    this.failAll(new Error("the signature pool was closed"))
    await Promise.all(this.workers.map((w) => w.terminate()))
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
