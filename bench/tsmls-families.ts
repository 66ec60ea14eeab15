/**
 * ts-mls 1.6.4 (default crypto provider, as its users get it) verifying the same vector families,
 * written against its exported modules. Each check compares ts-mls's output with the vector.
 */
import type { CiphersuiteImpl } from "ts-mls"
import { decodeAuthenticatedContent } from "ts-mls/authenticatedContent.js"
import { determineLength } from "ts-mls/codec/variableLength.js"
import { refhash } from "ts-mls/crypto/hash.js"
import { decryptWithLabel } from "ts-mls/crypto/hpke.js"
import { deriveSecret, deriveTreeSecret, expandWithLabel } from "ts-mls/crypto/kdf.js"
import { verifyWithLabel } from "ts-mls/crypto/signature.js"
import { initializeEpoch, mlsExporter } from "ts-mls/keySchedule.js"
import { computePskSecret, type PreSharedKeyID } from "ts-mls/presharedkey.js"
import { createSecretTree, ratchetToGeneration } from "ts-mls/secretTree.js"
import { expandSenderDataKey, expandSenderDataNonce } from "ts-mls/sender.js"
import { createConfirmedHash, createInterimHash } from "ts-mls/transcriptHash.js"
import { left, nodeWidth, parent, right, root, sibling, type NodeIndex } from "ts-mls/treemath.js"
import { defaultKeyRetentionConfig } from "ts-mls"
import { cipherSuiteImpl } from "../targets/ts-mls/crypto.ts"
import { eachCase, tohex, unhex, type Family, type FamilyRunner, type VectorCase } from "./families.ts"
import { tsGroupContext, tsMlsProtocolRunners } from "./tsmls-protocol.ts"

const impl = (id: number): Promise<CiphersuiteImpl> => cipherSuiteImpl(id)

const treeMath: FamilyRunner = (cases) => eachCase(cases, (v, id, tally) => {
  const n = v.n_leaves as number
  let same = nodeWidth(n) === v.n_nodes && root(n) === v.root
  for (let x = 0; x < v.n_nodes && same; x++) {
    const i = x as NodeIndex
    if (v.left[x] !== null) same &&= left(i) === v.left[x] && right(i) === v.right[x]
    if (v.parent[x] !== null) same &&= parent(i, n) === v.parent[x] && sibling(i, n) === v.sibling[x]
  }
  tally.case(id, [["node relations", same]])
})

const cryptoBasics: FamilyRunner = (cases) => eachCase(cases, async (v, id, tally) => {
  const cs = await impl(v.cipher_suite)
  const { ref_hash: r, expand_with_label: e, derive_secret: d, derive_tree_secret: dt } = v
  const { sign_with_label: sg, encrypt_with_label: x } = v
  const pt = await decryptWithLabel(await cs.hpke.importPrivateKey(unhex(x.priv)), x.label, unhex(x.context),
    unhex(x.kem_output), unhex(x.ciphertext), cs.hpke)
  tally.case(id, [
    ["ref_hash", tohex(await refhash(r.label, unhex(r.value), cs.hash)) === r.out],
    ["expand_with_label",
      tohex(await expandWithLabel(unhex(e.secret), e.label, unhex(e.context), e.length, cs.kdf)) === e.out],
    ["derive_secret", tohex(await deriveSecret(unhex(d.secret), d.label, cs.kdf)) === d.out],
    ["derive_tree_secret",
      tohex(await deriveTreeSecret(unhex(dt.secret), dt.label, dt.generation, dt.length, cs.kdf)) === dt.out],
    ["sign_with_label",
      await verifyWithLabel(unhex(sg.pub), sg.label, unhex(sg.content), unhex(sg.signature), cs.signature)],
    ["encrypt_with_label", tohex(pt) === x.plaintext],
  ])
})

const KEYS = ["sender_data_secret", "exporter_secret", "external_secret", "confirmation_key", "membership_key",
  "resumption_psk", "epoch_authenticator", "init_secret"] as const
const camel = (s: string) => s.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())

const keySchedule: FamilyRunner = (cases) => eachCase(cases, async (c, id, tally) => {
  const cs = await impl(c.cipher_suite)
  let init = unhex(c.initial_init_secret)
  const checks: [string, boolean][] = []
  for (const [i, e] of (c.epochs as VectorCase[]).entries()) {
    const gc = tsGroupContext(c, BigInt(i), unhex(e.tree_hash), unhex(e.confirmed_transcript_hash))
    const s = await initializeEpoch(init, unhex(e.commit_secret), gc, unhex(e.psk_secret), cs.kdf)
    const ks = s.keySchedule as unknown as Record<string, Uint8Array>
    for (const k of KEYS) checks.push([`epoch ${i} ${k}`, tohex(ks[camel(k)]!) === e[k]])
    checks.push([`epoch ${i} joiner/welcome/encryption`, tohex(s.joinerSecret) === e.joiner_secret &&
      tohex(s.welcomeSecret) === e.welcome_secret && tohex(s.encryptionSecret) === e.encryption_secret])
    const ext = await cs.hpke.deriveKeyPair(s.keySchedule.externalSecret)
    checks.push([`epoch ${i} external_pub`, tohex(await cs.hpke.exportPublicKey(ext.publicKey)) === e.external_pub])
    const x = e.exporter
    checks.push([`epoch ${i} exporter`,
      tohex(await mlsExporter(s.keySchedule.exporterSecret, x.label, unhex(x.context), x.length, cs)) === x.secret])
    init = s.keySchedule.initSecret
  }
  tally.case(id, checks)
})

const secretTree: FamilyRunner = (cases) => eachCase(cases, async (c, id, tally) => {
  const cs = await impl(c.cipher_suite)
  const sd = c.sender_data
  const sdKey = await expandSenderDataKey(cs, unhex(sd.sender_data_secret), unhex(sd.ciphertext))
  const sdNonce = await expandSenderDataNonce(cs, unhex(sd.sender_data_secret), unhex(sd.ciphertext))
  const checks: [string, boolean][] = [["sender_data", tohex(sdKey) === sd.key && tohex(sdNonce) === sd.nonce]]
  const reuseGuard = new Uint8Array(4)
  const config = { ...defaultKeyRetentionConfig, maximumForwardRatchetSteps: 1 << 20 }
  let tree = await createSecretTree(c.leaves.length, unhex(c.encryption_secret), cs.kdf)
  for (const [leaf, entries] of (c.leaves as VectorCase[][]).entries()) {
    for (const e of entries) {
      const senderData = { leafIndex: leaf, generation: e.generation, reuseGuard } as never
      const h = await ratchetToGeneration(tree, senderData, "commit", config, cs)
      const a = await ratchetToGeneration(h.newTree, senderData, "application", config, cs)
      tree = a.newTree
      checks.push([`leaf ${leaf} generation ${e.generation}`, tohex(h.key) === e.handshake_key &&
        tohex(h.nonce) === e.handshake_nonce && tohex(a.key) === e.application_key &&
        tohex(a.nonce) === e.application_nonce])
    }
  }
  tally.case(id, checks)
})

const pskSecret: FamilyRunner = (cases) => eachCase(cases, async (c, id, tally) => {
  const psks = c.psks.map((p: VectorCase) => [
    { psktype: "external", pskId: unhex(p.psk_id), pskNonce: unhex(p.psk_nonce) } as PreSharedKeyID, unhex(p.psk),
  ] as [PreSharedKeyID, Uint8Array])
  tally.case(id, [["psk_secret", tohex(await computePskSecret(psks, await impl(c.cipher_suite))) === c.psk_secret]])
})

const transcriptHashes: FamilyRunner = (cases) => eachCase(cases, async (c, id, tally) => {
  const cs = await impl(c.cipher_suite)
  const decoded = decodeAuthenticatedContent(unhex(c.authenticated_content), 0)
  if (decoded === undefined) return tally.case(id, [["authenticated_content decodes", false]])
  const ac = decoded[0]
  const input = { wireformat: ac.wireformat, content: ac.content, signature: ac.auth.signature }
  const confirmed = await createConfirmedHash(unhex(c.interim_transcript_hash_before), input as never, cs.hash)
  const tag = (ac.auth as { confirmationTag?: Uint8Array }).confirmationTag ?? new Uint8Array(0)
  tally.case(id, [
    ["confirmed_transcript_hash_after", tohex(confirmed) === c.confirmed_transcript_hash_after],
    ["confirmation_tag", tohex(await cs.hash.mac(unhex(c.confirmation_key), confirmed)) === tohex(tag)],
    ["interim_transcript_hash_after",
      tohex(await createInterimHash(confirmed, tag, cs.hash)) === c.interim_transcript_hash_after],
  ])
})

const deserialization: FamilyRunner = (cases) => eachCase(cases, (c, id, tally) => {
  tally.case(id, [["length", determineLength(unhex(c.vlbytes_header), 0).length === c.length]])
})

/** One runner per family ts-mls has the API for. */
export const tsMlsRunners: Partial<Record<Family, FamilyRunner>> = {
  "tree-math": treeMath, "crypto-basics": cryptoBasics, "key-schedule": keySchedule, "secret-tree": secretTree,
  "psk_secret": pskSecret, "transcript-hashes": transcriptHashes, "deserialization": deserialization,
  ...tsMlsProtocolRunners,
}
