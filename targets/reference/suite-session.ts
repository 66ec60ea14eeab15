import { writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { DRIVER_DOMAIN, HUB_DOMAIN, startReferencePair, type ReferencePair } from "./pair.ts"

/** The `provider` block of a mimi-provider target config (harness/config/target.schema.json). */
export interface SuiteProviderConfig {
  domain: string
  directoryUrl: string
  driverUrl: string
  tls: { ca: string; cert: string; key: string }
  peer: { port: number }
}

export interface SuiteSession {
  pair: ReferencePair
  /** How the suite reaches the pair's hub as its target. */
  provider: SuiteProviderConfig
  stop(): Promise<void>
}

/**
 * Starts the reference pair set up for the suite: the suite's certificate (for `driver.test`, the
 * domain the reference lets drive it and the domain of the suite's peer provider) is written next
 * to the CA in `dataDir`, and a free loopback port is routed for the suite's peer endpoint.
 */
export async function startSuiteSession(opts: { dataDir: string; faults?: string[] }): Promise<SuiteSession> {
  const pair = await startReferencePair({ dataDir: opts.dataDir, faults: opts.faults ?? [] })
  try {
    const suite = await pair.clientCredentialsFor(DRIVER_DOMAIN)
    const tls = { ca: join(opts.dataDir, "suite-ca.pem"), cert: join(opts.dataDir, "suite.pem"), key: join(opts.dataDir, "suite.key") }
    writeFileSync(tls.ca, pair.ca.cert)
    writeFileSync(tls.cert, suite.cert)
    writeFileSync(tls.key, suite.key, { mode: 0o600 })
    const peerPort = await freePort()
    pair.routes.set(DRIVER_DOMAIN, peerPort)
    return {
      pair,
      provider: {
        domain: HUB_DOMAIN,
        directoryUrl: `${pair.hub.origin}/.well-known/mimi-protocol-directory`,
        driverUrl: `${pair.hub.origin}/driver/v1`,
        tls,
        peer: { port: peerPort },
      },
      stop: () => pair.stop(),
    }
  } catch (e) {
    await pair.stop()
    throw e
  }
}

/** A loopback port free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}
