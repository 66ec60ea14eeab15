/**
 * A Signal client target whose party runs in its own worker thread: nothing but bytes and plain
 * data crosses, so two parties cannot share state by accident. The worker is started on first use.
 */
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { PartyOp, PartyRequest, PartyResponse } from "./party.ts"
import type {
  InjectedIdentity, LocalIdentity, Outcome, PreKeyBundle, SignalCapabilities, SignalCiphertext, SignalClient,
} from "./types.ts"

export type PartyImplementation = "libsignal-client" | "libsignal-typescript"

// Workers do not inherit the TypeScript loader: the eval bootstrap registers tsx, then imports the entry.
function bootstrap(): string {
  const require = createRequire(import.meta.url)
  const tsx = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href
  const entry = new URL("./party-worker.ts", import.meta.url).href
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
}

const noInjection = (impl: string) =>
  ({ ok: false, kind: "unsupported", detail: `${impl} does not declare key injection` }) as const

type TransportFailure = { id: number; ok: false; kind: "transport"; detail: string }

export class WorkerSignalClient implements SignalClient {
  private worker: Worker | undefined
  private ready: Promise<void> | undefined
  private nextId = 1
  private readonly pending = new Map<number, (r: PartyResponse | TransportFailure) => void>()

  constructor(
    private readonly impl: PartyImplementation,
    private readonly declared: SignalCapabilities,
  ) {}

  capabilities(): SignalCapabilities {
    return this.declared
  }

  createIdentity(address: string): Promise<Outcome<LocalIdentity>> {
    return this.call("createIdentity", [address])
  }

  publishBundle(): Promise<Outcome<PreKeyBundle>> {
    return this.call("publishBundle", [])
  }

  startSession(peer: string, bundle: PreKeyBundle): Promise<Outcome<void>> {
    return this.call("startSession", [peer, bundle])
  }

  encrypt(peer: string, plaintext: Uint8Array): Promise<Outcome<SignalCiphertext>> {
    return this.call("encrypt", [peer, plaintext])
  }

  decrypt(peer: string, message: SignalCiphertext): Promise<Outcome<Uint8Array>> {
    return this.call("decrypt", [peer, message])
  }

  injectIdentity(keys: InjectedIdentity): Promise<Outcome<LocalIdentity>> {
    if (!this.declared.keyInjection) return Promise.resolve(noInjection(this.impl))
    return this.call("injectIdentity", [keys])
  }

  queueKeyPairs(privateKeys: Uint8Array[]): Promise<Outcome<void>> {
    if (!this.declared.keyInjection) return Promise.resolve(noInjection(this.impl))
    return this.call("queueKeyPairs", [privateKeys])
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    this.ready = undefined
    if (worker !== undefined) await worker.terminate()
  }

  private start(): Promise<void> {
    const worker = new Worker(bootstrap(), { eval: true, workerData: { impl: this.impl } })
    this.worker = worker
    const failAll = (detail: string) => {
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, kind: "transport", detail })
      this.pending.clear()
      if (this.worker === worker) {
        this.worker = undefined
        this.ready = undefined
      }
    }
    worker.on("error", (e) => failAll(`worker error: ${e.message}`))
    worker.on("exit", (code) => failAll(`worker exited with code ${code}`))
    return new Promise((resolve, reject) => {
      this.pending.set(0, (r) => (r.ok ? resolve() : reject(new Error(r.detail))))
      worker.on("message", (r: PartyResponse) => {
        const settle = this.pending.get(r.id)
        this.pending.delete(r.id)
        settle?.(r)
      })
    })
  }

  private async call<T>(op: PartyOp, args: unknown[]): Promise<Outcome<T>> {
    try {
      this.ready ??= this.start()
      await this.ready
    } catch (e) {
      return { ok: false, kind: "transport", detail: `cannot start the ${this.impl} worker: ${(e as Error).message}` }
    }
    const worker = this.worker
    if (worker === undefined) return { ok: false, kind: "transport", detail: "the worker is gone" }
    const id = this.nextId++
    const response = await new Promise<PartyResponse | TransportFailure>((resolve) => {
      this.pending.set(id, resolve)
      worker.postMessage({ id, op, args } satisfies PartyRequest)
    })
    if (response.ok) return { ok: true, value: response.value as T }
    return { ok: false, kind: response.kind, detail: response.detail }
  }
}
