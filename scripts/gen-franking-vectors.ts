/**
 * Generates vectors/franking/franking.json: MIMI franking (draft-ietf-mimi-protocol-06 §5.4.1, §5.9)
 * for every RFC 9420 cipher suite, a valid case and mutated negative cases with the rule each must
 * break. Deterministic: every key comes from a fixed seed and every signature is deterministic
 * (EdDSA, or ECDSA with RFC 6979 nonces). The derivation is written down in vectors/franking/README.md.
 *
 *   npx tsx scripts/gen-franking-vectors.ts          # rewrites the file and prints its sha256
 */
import { createHash } from "node:crypto"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { ed25519 } from "@noble/curves/ed25519.js"
import { ed448 } from "@noble/curves/ed448.js"
import { p256, p384, p521 } from "@noble/curves/nist.js"
import { CIPHER_SUITE_IDS } from "../harness/protocol/mls/crypto/suites.ts"
import { hex } from "../harness/protocol/mls/crypto/bytes.ts"
import { computeFrankingTag, createFrank, computeServerFrank } from "../harness/protocol/mimi/franking.ts"
import {
  encodeFrank, encodeFrankedAad, encodeFrankingIntegrityTbs, encodeServerFrankingContext, type Frank,
  type ServerFrankingContext,
} from "../harness/protocol/mimi/franking-structs.ts"
import type { FrankingRule } from "../harness/protocol/mimi/franking-verify.ts"
import { defaultVectorsDir, loadVectorFile } from "../harness/vectors/load.ts"

type Scheme = "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521"
const SCHEMES: Record<number, Scheme> = {
  1: "Ed25519", 2: "P-256", 3: "Ed25519", 4: "Ed448", 5: "P-521", 6: "Ed448", 7: "P-384",
}
const ECDSA = { "P-256": p256, "P-384": p384, "P-521": p521 } as const

/** seed(cs, label, n): SHA-256("mimi-franking-vectors|cs=<cs>|<label>|<i>") for i = 0, 1, … truncated to n bytes. */
export function seed(cs: number, label: string, n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 32) * 32)
  for (let i = 0; i * 32 < n; i++) {
    out.set(createHash("sha256").update(`mimi-franking-vectors|cs=${cs}|${label}|${i}`).digest(), i * 32)
  }
  return out.subarray(0, n)
}

/** A private key: EdDSA takes the seed as is; ECDSA reduces 16 extra bytes mod (n − 1) and adds 1. */
function privateKey(scheme: Scheme, cs: number, label: string): Uint8Array {
  if (scheme === "Ed25519") return seed(cs, label, 32)
  if (scheme === "Ed448") return seed(cs, label, 57)
  const curve = ECDSA[scheme]
  const size = curve.lengths.secretKey!
  const order = curve.Point.Fn.ORDER
  const d = (BigInt("0x" + hex(seed(cs, label, size + 16))) % (order - 1n)) + 1n
  return Uint8Array.from(Buffer.from(d.toString(16).padStart(size * 2, "0"), "hex"))
}

function publicKey(scheme: Scheme, sk: Uint8Array): Uint8Array {
  if (scheme === "Ed25519") return ed25519.getPublicKey(sk)
  if (scheme === "Ed448") return ed448.getPublicKey(sk)
  return ECDSA[scheme].getPublicKey(sk, false)
}

/** Deterministic signing: RFC 8032 EdDSA, or ECDSA with RFC 6979 nonces, low-S, DER as MLS sends it. */
function deterministicSuite(cs: number) {
  const scheme = SCHEMES[cs]!
  const sign = (sk: Uint8Array, msg: Uint8Array): Uint8Array => {
    if (scheme === "Ed25519") return ed25519.sign(msg, sk)
    if (scheme === "Ed448") return ed448.sign(msg, sk)
    return ECDSA[scheme].sign(msg, sk, { format: "der" })
  }
  return { id: cs, sign }
}

interface ContentExample { name: string; cbor: string }
const examples = () => loadVectorFile<{ examples: ContentExample[] }>("mimi-content/examples.json").examples
const original = (): Uint8Array => Buffer.from(examples().find((e) => e.name === "original")!.cbor, "hex")

/** Replaces the first occurrence of `from` with `to` (same length) in the content bytes. */
function edit(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const at = Buffer.from(bytes).indexOf(from)
  if (at < 0 || from.length !== to.length) throw new Error(`cannot edit ${from}`)
  const out = Uint8Array.from(bytes)
  out.set(Buffer.from(to), at)
  return out
}

const HUB_DOMAIN = "example.com"
const SENDER = "mimi://example.com/u/alice-smith"
const ROOM = "mimi://example.com/r/engineering_team"
const TIMESTAMP = 1644387225019n

/** What a verifier is handed: a receiving client (§5.4.1.3) and the hub for a report (§5.9). */
interface Presented {
  content: Uint8Array
  frankingTag: Uint8Array
  frank: Frank
  acceptedTimestamp: bigint
  roomUri: string
  agentDomain: string
  senderUserUri: string
}

/** One case: what it changes in what the verifiers see, and the rule each must then report (null: accepted). */
interface Mutation {
  name: string
  description: string
  receiver: FrankingRule | null
  report: FrankingRule | null
  apply(p: Presented, ctx: { forged: Frank; otherSuite: number }): Presented
}

const MUTATIONS: Mutation[] = [
  { name: "valid", description: "unaltered message, frank and context", receiver: null, report: null, apply: (p) => p },
  { name: "altered-content", description: "content changed after franking ('2.0' becomes '3.0')",
    receiver: "mimi.franking.tag-matches-content", report: "mimi.abuse.server-frank-matches",
    apply: (p) => ({ ...p, content: edit(p.content, "2.0", "3.0") }) },
  { name: "altered-timestamp", description: "accepted_timestamp one millisecond later than franked",
    receiver: "mimi.franking.signature-valid", report: "mimi.abuse.server-frank-matches",
    apply: (p) => ({ ...p, acceptedTimestamp: p.acceptedTimestamp + 1n }) },
  { name: "forged-signature", description: "franking_integrity_signature made with another key over the right TBS",
    receiver: "mimi.franking.signature-valid", report: "mimi.abuse.signature-valid",
    apply: (p, c) => ({ ...p, frank: c.forged }) },
  { name: "tag-mismatch",
    description: "sender put the tag of other content ('2.0' → '3.0') in the AAD and the hub franked it",
    receiver: "mimi.franking.tag-matches-content", report: "mimi.abuse.server-frank-matches",
    apply: (p) => p },
  { name: "wrong-ciphersuite", description: "franking_signature_ciphersuite is not the group's",
    receiver: "mimi.franking.ciphersuite-matches-group", report: "mimi.franking.ciphersuite-matches-group",
    apply: (p, c) => ({ ...p, frank: { ...p.frank, cipherSuite: c.otherSuite } }) },
  { name: "wrong-room", description: "presented in (and reported for) another room",
    receiver: "mimi.franking.signature-valid", report: "mimi.abuse.room-matches",
    apply: (p) => ({ ...p, roomUri: "mimi://example.com/r/other" }) },
  { name: "sender-mismatch", description: "the sender's leaf credential names another user than the content",
    receiver: "mimi.franking.sender-matches-credential", report: null,
    apply: (p) => ({ ...p, senderUserUri: "mimi://example.com/u/bob-jones" }) },
  { name: "agent-not-hub", description: "franking_agent credential names a domain other than the hub's",
    receiver: "mimi.franking.agent-matches-hub", report: null, apply: (p) => ({ ...p, agentDomain: "evil.example" }) },
]

function suiteVectors(cs: number): object {
  const scheme = SCHEMES[cs]!
  const suite = deterministicSuite(cs)
  const hubKey = seed(cs, "hub_key", 32)
  const frankingSk = privateKey(scheme, cs, "franking_key")
  const forgerSk = privateKey(scheme, cs, "forger_key")
  const content = original()
  const salt = content.subarray(2, 18)
  const context: ServerFrankingContext = { senderUri: SENDER, roomUri: ROOM, acceptedTimestamp: TIMESTAMP }
  const frankingTag = computeFrankingTag(salt, content)
  const frank = createFrank(suite, frankingSk, hubKey, frankingTag, context)
  const hub = {
    hubKey: hex(hubKey), hubDomain: HUB_DOMAIN, frankingPrivateKey: hex(frankingSk),
    frankingPublicKey: hex(publicKey(scheme, frankingSk)), senderUri: SENDER, roomUri: ROOM,
    acceptedTimestamp: String(TIMESTAMP), content: hex(content), salt: hex(salt), frankingTag: hex(frankingTag),
    authenticatedData: hex(encodeFrankedAad(frankingTag)),
    serverFrankingContext: hex(encodeServerFrankingContext(context)),
    serverFrank: hex(computeServerFrank(hubKey, frankingTag, context)),
    frankingIntegrityTbs: hex(encodeFrankingIntegrityTbs(frank.serverFrank, cs, context)),
    frank: hex(encodeFrank(frank)),
  }
  const cases = MUTATIONS.map((m) => {
    const tag = m.name === "tag-mismatch" ? computeFrankingTag(salt, edit(content, "2.0", "3.0")) : frankingTag
    const franked = tag === frankingTag ? frank : createFrank(suite, frankingSk, hubKey, tag, context)
    const base: Presented = { content, frankingTag: tag, frank: franked, acceptedTimestamp: TIMESTAMP, roomUri: ROOM,
      agentDomain: HUB_DOMAIN, senderUserUri: SENDER }
    const forged = createFrank(suite, forgerSk, hubKey, tag, context)
    const p = m.apply(base, { forged, otherSuite: cs === 1 ? 2 : 1 })
    return {
      id: `cs=${cs} ${m.name}`, mutation: m.name, description: m.description,
      expected: { receiver: m.receiver, report: m.report },
      presented: {
        content: hex(p.content), frankingTag: hex(p.frankingTag), frank: hex(encodeFrank(p.frank)),
        acceptedTimestamp: String(p.acceptedTimestamp), roomUri: p.roomUri, agentDomain: p.agentDomain,
        senderUserUri: p.senderUserUri,
      },
    }
  })
  return { cipherSuite: cs, signatureScheme: scheme, hub, cases }
}

/** The whole vector file as the exact text written to disk. */
export function renderFrankingVectors(): string {
  const file = {
    description: "MIMI franking vectors generated by the suite (no published vectors exist); see README.md",
    spec: "draft-ietf-mimi-protocol-06 §5.4.1, §5.9",
    generator: "scripts/gen-franking-vectors.ts",
    suites: CIPHER_SUITE_IDS.map((cs) => suiteVectors(cs)),
  }
  return JSON.stringify(file, null, 2) + "\n"
}

export const FRANKING_VECTORS_PATH = "franking/franking.json"

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = renderFrankingVectors()
  writeFileSync(join(defaultVectorsDir, FRANKING_VECTORS_PATH), text)
  console.log(`${FRANKING_VECTORS_PATH} sha256 ${createHash("sha256").update(text).digest("hex")}`)
}
