/**
 * The suite's own MLS oracle over each vector family, calling the functions the oracle tests call.
 * Each family loads its modules on first use: a module that does not exist yet makes the family
 * "oracle missing" instead of a number.
 */
import { eachCase, tohex, unhex, type Family, type FamilyRunner, type VectorCase } from "./families.ts"
import { protocolRunners } from "./oracle-protocol.ts"

const codec = () => import("../harness/protocol/mls/codec/index.ts")
const suites = () => import("../harness/protocol/mls/crypto/suites.ts")
const cs = async (id: number) => (await suites()).cipherSuite(id)!

const treeMath: FamilyRunner = async (cases) => {
  const t = await import("../harness/protocol/mls/tree/index.ts")
  const orNull = (f: () => number) => {
    try {
      return f()
    } catch {
      return null
    }
  }
  return eachCase(cases, (v, id, tally) => {
    const n = v.n_leaves as number
    let same = t.nodeWidth(n) === v.n_nodes && t.root(n) === v.root
    for (let x = 0; x < v.n_nodes && same; x++) {
      same = orNull(() => t.left(x)) === v.left[x] && orNull(() => t.right(x)) === v.right[x] &&
        orNull(() => t.parent(x, n)) === v.parent[x] && orNull(() => t.sibling(x, n)) === v.sibling[x]
    }
    tally.case(id, [["node relations", same]])
  })
}

const cryptoBasics: FamilyRunner = async (cases) => {
  const l = await import("../harness/protocol/mls/crypto/labeled.ts")
  return eachCase(cases, async (v, id, tally) => {
    const s = await cs(v.cipher_suite)
    const { ref_hash: r, expand_with_label: e, derive_secret: d, derive_tree_secret: dt } = v
    const { sign_with_label: sg, encrypt_with_label: x } = v
    const pt = l.decryptWithLabel(s, unhex(x.priv), x.label, unhex(x.context), unhex(x.kem_output), unhex(x.ciphertext))
    tally.case(id, [
      ["ref_hash", tohex(l.refHash(s, r.label, unhex(r.value))) === r.out],
      ["expand_with_label",
        tohex(l.expandWithLabel(s, unhex(e.secret), e.label, unhex(e.context), e.length)) === e.out],
      ["derive_secret", tohex(l.deriveSecret(s, unhex(d.secret), d.label)) === d.out],
      ["derive_tree_secret",
        tohex(l.deriveTreeSecret(s, unhex(dt.secret), dt.label, dt.generation, dt.length)) === dt.out],
      ["sign_with_label", l.verifyWithLabel(s, unhex(sg.pub), sg.label, unhex(sg.content), unhex(sg.signature))],
      ["encrypt_with_label", pt !== undefined && tohex(pt) === x.plaintext],
    ])
  })
}

const SECRETS: [string, string][] = [
  ["joiner_secret", "joinerSecret"], ["welcome_secret", "welcomeSecret"], ["init_secret", "initSecret"],
  ["sender_data_secret", "senderDataSecret"], ["encryption_secret", "encryptionSecret"],
  ["exporter_secret", "exporterSecret"], ["epoch_authenticator", "epochAuthenticator"],
  ["external_secret", "externalSecret"], ["confirmation_key", "confirmationKey"],
  ["membership_key", "membershipKey"], ["resumption_psk", "resumptionPsk"],
]

const keySchedule: FamilyRunner = async (cases) => {
  const { encodeGroupContext } = await codec()
  const ks = await import("../harness/protocol/mls/schedule/key-schedule.ts")
  return eachCase(cases, async (c, id, tally) => {
    const s = await cs(c.cipher_suite)
    let init = unhex(c.initial_init_secret)
    const checks: [string, boolean][] = []
    c.epochs.forEach((e: VectorCase, i: number) => {
      const gc = encodeGroupContext({
        version: 1, cipherSuite: c.cipher_suite, groupId: unhex(c.group_id), epoch: BigInt(i),
        treeHash: unhex(e.tree_hash), confirmedTranscriptHash: unhex(e.confirmed_transcript_hash), extensions: [],
      })
      const out = ks.advanceEpoch(s, init, unhex(e.commit_secret), unhex(e.psk_secret), gc) as unknown as
        Record<string, Uint8Array>
      checks.push([`epoch ${i} group_context`, tohex(gc) === e.group_context])
      for (const [field, key] of SECRETS) checks.push([`epoch ${i} ${field}`, tohex(out[key]!) === e[field]])
      const externalPub = ks.externalKeyPair(s, out["externalSecret"]!).publicKey
      checks.push([`epoch ${i} external_pub`, tohex(externalPub) === e.external_pub])
      const x = e.exporter
      const exported = ks.mlsExporter(s, out["exporterSecret"]!, x.label, unhex(x.context), x.length)
      checks.push([`epoch ${i} exporter`, tohex(exported) === x.secret])
      init = out["initSecret"]!
    })
    tally.case(id, checks)
  })
}

const secretTree: FamilyRunner = async (cases) => {
  const st = await import("../harness/protocol/mls/schedule/secret-tree.ts")
  return eachCase(cases, async (c, id, tally) => {
    const s = await cs(c.cipher_suite)
    const sd = st.senderDataKeyNonce(s, unhex(c.sender_data.sender_data_secret), unhex(c.sender_data.ciphertext))
    const sdOk = tohex(sd.key) === c.sender_data.key && tohex(sd.nonce) === c.sender_data.nonce
    const checks: [string, boolean][] = [["sender_data", sdOk]]
    const tree = new st.SecretTree(s, unhex(c.encryption_secret), c.leaves.length)
    c.leaves.forEach((entries: VectorCase[], leaf: number) => {
      for (const e of entries) {
        const h = tree.keyNonce(leaf, "handshake", e.generation)
        const a = tree.keyNonce(leaf, "application", e.generation)
        const got = [h && tohex(h.key), h && tohex(h.nonce), a && tohex(a.key), a && tohex(a.nonce)].join()
        const want = [e.handshake_key, e.handshake_nonce, e.application_key, e.application_nonce].join()
        checks.push([`leaf ${leaf} generation ${e.generation}`, got === want])
      }
    })
    tally.case(id, checks)
  })
}

const pskSecret: FamilyRunner = async (cases) => {
  const { derivePskSecret } = await import("../harness/protocol/mls/schedule/psk.ts")
  return eachCase(cases, async (c, id, tally) => {
    const psks = c.psks.map((p: VectorCase) => ({
      id: { pskType: "external" as const, pskId: unhex(p.psk_id), pskNonce: unhex(p.psk_nonce) }, psk: unhex(p.psk),
    }))
    tally.case(id, [["psk_secret", tohex(derivePskSecret(await cs(c.cipher_suite), psks)) === c.psk_secret]])
  })
}

const transcriptHashes: FamilyRunner = async (cases) => {
  const { decodeAuthenticatedContent } = await import("../harness/protocol/mls/codec/framed-content.ts")
  const { confirmationTag } = await import("../harness/protocol/mls/schedule/key-schedule.ts")
  const th = await import("../harness/protocol/mls/schedule/transcript.ts")
  return eachCase(cases, async (c, id, tally) => {
    const s = await cs(c.cipher_suite)
    const d = decodeAuthenticatedContent(unhex(c.authenticated_content))
    if (!d.ok) return tally.case(id, [["authenticated_content decodes", false]])
    const ac = d.value
    const confirmed = th.confirmedTranscriptHash(s, unhex(c.interim_transcript_hash_before), ac.wireFormat, ac.content,
      ac.auth.signature)
    const tag = ac.auth.confirmationTag ?? new Uint8Array(0)
    tally.case(id, [
      ["confirmed_transcript_hash_after", tohex(confirmed) === c.confirmed_transcript_hash_after],
      ["confirmation_tag", tohex(confirmationTag(s, unhex(c.confirmation_key), confirmed)) === tohex(tag)],
      ["interim_transcript_hash_after",
        tohex(th.interimTranscriptHash(s, confirmed, tag)) === c.interim_transcript_hash_after],
    ])
  })
}

const deserialization: FamilyRunner = async (cases) => {
  const { decodeWith } = await import("../harness/protocol/tls-syntax/index.ts")
  return eachCase(cases, (c, id, tally) => {
    const got = decodeWith("VLBytesHeader", unhex(c.vlbytes_header), (r) => r.varint("length"))
    tally.case(id, [["length", got.ok && got.value === c.length]])
  })
}

/** One runner per family; a runner that throws (rather than failing cases) could not load the oracle. */
export const oracleRunners: Record<Family, FamilyRunner> = {
  "tree-math": treeMath, "crypto-basics": cryptoBasics, "key-schedule": keySchedule, "secret-tree": secretTree,
  "psk_secret": pskSecret, "transcript-hashes": transcriptHashes, "deserialization": deserialization,
  ...protocolRunners,
}
