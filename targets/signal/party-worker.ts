/**
 * Worker entry: loads the selected library's party module (dynamic import, so a GPL/AGPL library is
 * only loaded when selected) and answers requests. Only structured-clone data crosses the port.
 */
import { parentPort, workerData } from "node:worker_threads"
import { Unsupported, type Party, type PartyRequest, type PartyResponse } from "./party.ts"

const modules: Record<string, () => Promise<{ createParty(): Party }>> = {
  "libsignal-client": () => import("./libsignal-client/party.ts"),
  "libsignal-typescript": () => import("./libsignal-typescript/party.ts"),
}

const port = parentPort
if (port === null) throw new Error("party-worker must run in a worker thread")
const load = modules[String((workerData as { impl: string }).impl)]
if (load === undefined) throw new Error(`unknown Signal party implementation ${JSON.stringify(workerData)}`)
const party = (await load()).createParty()

// One request at a time: the libraries' stores are not written for interleaved operations.
let queue: Promise<void> = Promise.resolve()
port.on("message", (request: PartyRequest) => {
  queue = queue.then(async () => {
    let response: PartyResponse
    try {
      const fn = party[request.op] as (...args: unknown[]) => Promise<unknown>
      response = { id: request.id, ok: true, value: await fn.apply(party, request.args) }
    } catch (e) {
      const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
      response = { id: request.id, ok: false, kind: e instanceof Unsupported ? "unsupported" : "rejected", detail }
    }
    port.postMessage(response)
  })
})
port.postMessage({ id: 0, ok: true, value: "ready" } satisfies PartyResponse)
