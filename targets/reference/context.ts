import { randomBytes } from "node:crypto"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { CipherSuite } from "../../harness/protocol/mls/crypto/ciphersuite.ts"
import type { FaultSet } from "./faults.ts"
import type { PeerClient, PeerReply } from "./http/peers.ts"
import { metaValue, type Db } from "./store.ts"
import { SUITE_ID } from "./mls/engine.ts"

/** The provider's long-term keys, created at first start and kept in `meta`. */
export interface ProviderKeys {
  /** Signs GroupInfoResponses: the hub's ExternalSender key. */
  hubSignPriv: Uint8Array
  hubSignPub: Uint8Array
  /** franking_agent key (-06 §5.4.1): signs FrankingIntegrityTBS. */
  frankPriv: Uint8Array
  frankPub: Uint8Array
  /** hub_key: the symmetric key of server_frank. */
  hubKey: Uint8Array
}

/** What every part of one provider shares. */
export interface ProviderContext {
  readonly domain: string
  readonly db: Db
  readonly faults: FaultSet
  readonly peers: PeerClient
  readonly keys: ProviderKeys
  readonly suite: CipherSuite
  /** Hub acceptance clock in ms: wall time, strictly increasing within the provider. */
  now(): bigint
  /** Reports trouble that the provider survives (a message it could not deliver, ...): one line each. */
  log(line: string): void
  /** Wakes the fan-out and delivery workers after new work was committed. */
  kick(): void
  /** Sends a MIMI request to a room's hub, or runs it in process when this provider is the hub. */
  toHub(hub: string, method: "GET" | "POST", path: string, body?: Uint8Array): Promise<PeerReply>
}

export function loadKeys(db: Db): ProviderKeys {
  const cs = suiteImpl()
  const pub = (priv: Uint8Array) => {
    const p = cs.signaturePublicKey(priv)
    if (!p) throw new Error("stored signature key is invalid")
    return p
  }
  const hubSignPriv = metaValue(db, "hub-sign-key", () => randomBytes(32))
  const frankPriv = metaValue(db, "franking-key", () => randomBytes(32))
  return {
    hubSignPriv, hubSignPub: pub(hubSignPriv), frankPriv, frankPub: pub(frankPriv),
    hubKey: metaValue(db, "hub-frank-hmac-key", () => randomBytes(32)),
  }
}

export function suiteImpl(): CipherSuite {
  const cs = cipherSuite(SUITE_ID)
  if (!cs) throw new Error(`cipher suite ${SUITE_ID} is not available`)
  return cs
}

export function monotonicClock(): () => bigint {
  let last = 0n
  return () => {
    const t = BigInt(Date.now())
    last = t > last ? t : last + 1n
    return last
  }
}
