import { Worker } from "node:worker_threads"

/**
 * A worker thread running a TypeScript module that answers each posted job with one message. The
 * worker registers tsx itself (the bench's loader is not inherited by threads) and says "ready" once
 * its module is loaded, so that start-up is kept out of the timings.
 */
export class TsWorker {
  private constructor(private readonly worker: Worker) {}

  static start(module: URL): Promise<TsWorker> {
    const api = import.meta.resolve("tsx/esm/api")
    const entry = JSON.stringify(module.href)
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${entry}) })`
    const worker = new Worker(code, { eval: true })
    return new Promise((resolve, reject) => {
      worker.once("message", () => resolve(new TsWorker(worker)))
      worker.once("error", reject)
    })
  }

  run<T>(job: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e)
      this.worker.once("error", onError)
      this.worker.once("message", (m: T) => {
        this.worker.off("error", onError)
        resolve(m)
      })
      this.worker.postMessage(job)
    })
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}
