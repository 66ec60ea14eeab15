/**
 * Seeded faults: each switch makes the reference provider break exactly one rule, so that the
 * suite can prove the check for that rule is able to fail. `requirements` names the registry IDs
 * (harness/requirements/mimi-protocol/) a run with the fault must fail.
 */
import type { MimiProtocolId } from "../../harness/requirements/mimi-protocol/index.ts"

export interface Fault {
  readonly id: string
  readonly description: string
  readonly requirements: readonly MimiProtocolId[]
}

export const faultCatalogue = [
  {
    id: "accept-two-commits-per-epoch",
    description: "The hub accepts and fans out a second valid commit for an epoch it has already left.",
    requirements: ["mimi.handshake.one-commit-per-epoch", "mimi.handshake.wrong-epoch"],
  },
  {
    id: "key-package-reuse",
    description: "keyMaterial hands out the same KeyPackage again instead of consuming it.",
    requirements: ["mimi.key-material.single-use"],
  },
  {
    id: "expired-key-package",
    description: "keyMaterial returns KeyPackages whose lifetime has ended.",
    requirements: ["mimi.key-material.not-expired"],
  },
  {
    id: "skip-from-check",
    description: "Requests whose From domain differs from the client certificate's domain are accepted.",
    requirements: ["mimi.transport.from-matches-certificate"],
  },
  {
    id: "deliver-to-removed",
    description: "The hub keeps fanning out to, and accepting messages from, users removed from or banned in the room.",
    requirements: ["mimi.handshake.removed-user-cut-off", "mimi.submit.sender-active", "mimi.fanout.active-members"],
  },
  {
    id: "commit-before-proposals",
    description: "The hub fans out a commit before the proposals it references.",
    requirements: ["mimi.fanout.proposals-before-commit"],
  },
  {
    id: "notify-not-idempotent",
    description: "A follower processes a byte-identical notify again instead of ignoring the copy.",
    requirements: ["mimi.fanout.duplicate-notify-ignored"],
  },
  {
    id: "leak-sender-uri",
    description: "The hub adds the sender's URI to what it fans out to followers.",
    requirements: ["mimi.franking.sender-not-disclosed"],
  },
  {
    id: "bad-frank-signature",
    description: "The hub signs the frank over the wrong bytes, so receivers cannot verify it.",
    requirements: ["mimi.franking.signature-valid"],
  },
  {
    id: "accept-forged-abuse-report",
    description: "reportAbuse accepts a report whose frank does not verify against the content.",
    requirements: ["mimi.abuse.server-frank-matches"],
  },
  {
    id: "open-download-proxy",
    description: "proxyDownload fetches any URL, not only peer providers' asset domains.",
    requirements: ["mimi.assets.no-open-proxy"],
  },
  {
    id: "ignore-asset-policy",
    description: "The asset store and the receiving clients ignore the room's asset policy (size, media types).",
    requirements: [
      "mimi.asset-policy.max-size", "mimi.asset-policy.media-type", "mimi.asset-policy.recipient-enforced",
    ],
  },
  {
    id: "skip-commit-validation",
    description: "The hub fans out commits without checking their signature or their UpdatePath.",
    requirements: ["mimi.handshake.validated-before-fanout"],
  },
] as const satisfies readonly Fault[]

export type FaultId = (typeof faultCatalogue)[number]["id"]

const known = new Set<string>(faultCatalogue.map((f) => f.id))

export function isFaultId(id: string): id is FaultId {
  return known.has(id)
}

/** The faults switched on in one provider. Unknown IDs are refused at start. */
export class FaultSet {
  private readonly on: ReadonlySet<FaultId>
  constructor(ids: readonly string[] = []) {
    const unknown = ids.filter((id) => !isFaultId(id))
    if (unknown.length > 0) throw new Error(`unknown fault id(s): ${unknown.join(", ")}`)
    this.on = new Set(ids as FaultId[])
  }
  has(id: FaultId): boolean {
    return this.on.has(id)
  }
  list(): FaultId[] {
    return [...this.on]
  }
}
