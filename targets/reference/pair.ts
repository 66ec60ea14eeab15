import { join } from "node:path"
import { loadOrCreatePki, type TlsIdentity } from "./ca.ts"
import { startProvider, type ProviderHandle } from "./provider.ts"

export const HUB_DOMAIN = "hub.example"
export const FOLLOWER_DOMAIN = "follower.example"
/** The domain of the certificate the suite presents to the driver API. */
export const DRIVER_DOMAIN = "driver.test"

export interface ReferencePairOptions {
  /** Holds the local CA (`pki/`) and each provider's store (`<domain>/store.sqlite`); reused across restarts. */
  dataDir: string
  /** Seeded fault IDs (see `faultCatalogue`), switched on in both providers. */
  faults?: string[]
  /** Fixed ports; 0 or absent picks free ones. */
  hubPort?: number
  followerPort?: number
  /** Receives both providers' log lines (see `ProviderOptions.log`). */
  log?: (line: string) => void
}

export interface ReferencePair {
  hub: ProviderHandle
  follower: ProviderHandle
  /** PEM of the local CA that issued every certificate of the pair. */
  ca: { cert: string }
  /** Certificate and key for `domain`, issued by the pair's CA (created on first request): use
   *  `driver.test` for the driver API, or any other domain to act as a third provider. */
  clientCredentialsFor(domain: string): Promise<TlsIdentity>
  /** Domain → port map both providers resolve peers with; add a third provider's port here. */
  routes: Map<string, number>
  stop(): Promise<void>
}

/**
 * Starts the reference MIMI pair on 127.0.0.1: `hub.example` and `follower.example`, each with its
 * SQLite store under `dataDir`, talking HTTPS with mutual TLS under a local CA generated at first
 * start. Both speak the MIMI endpoints and the driver API on the same port.
 *
 * ```ts
 * const pair = await startReferencePair({ dataDir: ".conformance/reference" })
 * console.log(pair.hub.directoryUrl, "at", pair.hub.origin)
 * await pair.stop()
 * ```
 */
export async function startReferencePair(opts: ReferencePairOptions): Promise<ReferencePair> {
  const pki = await loadOrCreatePki(opts.dataDir, [HUB_DOMAIN, FOLLOWER_DOMAIN, DRIVER_DOMAIN])
  const routes = new Map<string, number>()
  const start = (domain: string, port: number | undefined) => startProvider({
    domain, dataDir: join(opts.dataDir, domain), port: port ?? 0, ca: pki.ca, tls: pki.identities[domain]!, routes,
    faults: opts.faults ?? [], driverDomain: DRIVER_DOMAIN, ...(opts.log ? { log: opts.log } : {}),
  })
  const hub = await start(HUB_DOMAIN, opts.hubPort)
  let follower: ProviderHandle
  try {
    follower = await start(FOLLOWER_DOMAIN, opts.followerPort)
  } catch (e) {
    await hub.stop()
    throw e
  }
  routes.set(HUB_DOMAIN, hub.port)
  routes.set(FOLLOWER_DOMAIN, follower.port)
  return {
    hub, follower, ca: { cert: pki.ca }, routes,
    clientCredentialsFor: async (domain) => {
      const issued = await loadOrCreatePki(opts.dataDir, [domain])
      return issued.identities[domain]!
    },
    stop: async () => {
      await Promise.all([hub.stop(), follower.stop()])
    },
  }
}
