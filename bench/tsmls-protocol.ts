/** ts-mls 1.6.4 on the protocol-level families: trees, TreeKEM, framing, Welcome, codec, passive members. */
import { defaultKeyRetentionConfig, type FramedContent, type GroupContext, type RatchetTree } from "ts-mls"
import { decodeCommit, encodeCommit } from "ts-mls/commit.js"
import { applyUpdatePathSecret } from "ts-mls/createCommit.js"
import { getCiphersuiteNameFromId, type CiphersuiteId } from "ts-mls/crypto/ciphersuite.js"
import { deriveSecret } from "ts-mls/crypto/kdf.js"
import { decodeGroupSecrets, encodeGroupSecrets } from "ts-mls/groupSecrets.js"
import { verifyLeafNodeSignature, verifyLeafNodeSignatureKeyPackage } from "ts-mls/leafNode.js"
import { decodeMlsMessage, encodeMlsMessage } from "ts-mls/message.js"
import { unprotectPrivateMessage } from "ts-mls/messageProtection.js"
import { unprotectPublicMessage } from "ts-mls/messageProtectionPublic.js"
import { verifyParentHashes } from "ts-mls/parentHash.js"
import { getCommitSecret } from "ts-mls/pathSecrets.js"
import * as p from "ts-mls/proposal.js"
import {
  addLeafNode, decodeRatchetTree, encodeRatchetTree, removeLeafNode, resolution, updateLeafNode,
} from "ts-mls/ratchetTree.js"
import { createSecretTree } from "ts-mls/secretTree.js"
import { treeHash, treeHashRoot } from "ts-mls/treeHash.js"
import type { LeafIndex, NodeIndex } from "ts-mls/treemath.js"
import { applyUpdatePath, decodeUpdatePath } from "ts-mls/updatePath.js"
import { createTsMlsClient } from "../targets/ts-mls/client.ts"
import { cipherSuiteImpl as impl } from "../targets/ts-mls/crypto.ts"
import { openWelcome } from "../targets/ts-mls/open-welcome.ts"
import { eachCase, tohex, unhex, type Family, type FamilyRunner, type VectorCase } from "./families.ts"

type Decoder<T> = (b: Uint8Array, offset: number) => [T, number] | undefined
type Encoder<T> = (v: T) => Uint8Array

function whole<T>(decoder: Decoder<T>, bytes: Uint8Array, what: string): T {
  const d = decoder(bytes, 0)
  if (d === undefined || d[1] !== bytes.length) throw new Error(`${what} does not decode`)
  return d[0]
}

const treeOf = (bytes: string): RatchetTree => whole(decodeRatchetTree, unhex(bytes), "ratchet_tree")

export function tsGroupContext(
  c: VectorCase, epoch: bigint, treeHash: Uint8Array, confirmed: Uint8Array,
): GroupContext {
  return {
    version: "mls10", cipherSuite: getCiphersuiteNameFromId(c.cipher_suite as CiphersuiteId),
    groupId: unhex(c.group_id),
    epoch, treeHash, confirmedTranscriptHash: confirmed, extensions: [],
  }
}

const groupContext = (c: VectorCase, treeHashBytes: Uint8Array) =>
  tsGroupContext(c, BigInt(c.epoch), treeHashBytes, unhex(c.confirmed_transcript_hash))

const treeValidation: FamilyRunner = (cases) => eachCase(cases, async (v, id, tally) => {
  const cs = await impl(v.cipher_suite)
  const tree = treeOf(v.tree)
  const hashes: string[] = []
  for (let x = 0; x < tree.length; x++) hashes.push(tohex(await treeHash(tree, x as NodeIndex, cs.hash)))
  let signatures = true
  for (let x = 0; x < tree.length; x += 2) {
    const n = tree[x]
    if (n?.nodeType !== "leaf") continue
    const leaf = n.leaf
    signatures &&= leaf.leafNodeSource === "key_package" ? await verifyLeafNodeSignatureKeyPackage(leaf, cs.signature)
      : await verifyLeafNodeSignature(leaf, unhex(v.group_id), x >>> 1, cs.signature)
  }
  tally.case(id, [
    ["tree_hashes", hashes.join() === v.tree_hashes.join()],
    ["resolutions", JSON.stringify(v.resolutions.map((_: unknown, x: number) => resolution(tree, x as NodeIndex))) ===
      JSON.stringify(v.resolutions)],
    ["parent hashes", await verifyParentHashes(tree, cs.hash)],
    ["leaf signatures", signatures],
  ])
})

const treeOperations: FamilyRunner = (cases) => eachCase(cases, async (v, id, tally) => {
  const cs = await impl(v.cipher_suite)
  const before = treeOf(v.tree_before)
  const q = whole(p.decodeProposal, unhex(v.proposal), "proposal")
  const after = q.proposalType === "add" ? addLeafNode(before, q.add.keyPackage.leafNode)[0]
    : q.proposalType === "update" ? updateLeafNode(before, q.update.leafNode, v.proposal_sender)
    : q.proposalType === "remove" ? removeLeafNode(before, q.remove.removed as LeafIndex) : undefined
  tally.case(id, [
    ["tree_hash_before", tohex(await treeHashRoot(before, cs.hash)) === v.tree_hash_before],
    ["tree_after", after !== undefined && tohex(encodeRatchetTree(after)) === v.tree_after],
    ["tree_hash_after", after !== undefined && tohex(await treeHashRoot(after, cs.hash)) === v.tree_hash_after],
  ])
})

const treekem: FamilyRunner = (cases) => eachCase(cases, async (c, id, tally) => {
  const cs = await impl(c.cipher_suite)
  const tree = treeOf(c.ratchet_tree)
  const privates = new Map<number, Record<number, Uint8Array>>()
  for (const l of c.leaves_private as VectorCase[]) {
    const keys: Record<number, Uint8Array> = { [l.index * 2]: unhex(l.encryption_priv) }
    for (const ps of l.path_secrets) {
      const pair = await cs.hpke.deriveKeyPair(await deriveSecret(unhex(ps.path_secret), "node", cs.kdf))
      keys[ps.node] = await cs.hpke.exportPrivateKey(pair.privateKey)
    }
    privates.set(l.index, keys)
  }
  const checks: [string, boolean][] = []
  for (const [k, u] of (c.update_paths as VectorCase[]).entries()) {
    const path = whole(decodeUpdatePath, unhex(u.update_path), "update_path")
    const merged = await applyUpdatePath(tree, u.sender as LeafIndex, path, cs.hash)
    const after = await treeHashRoot(merged, cs.hash)
    checks.push([`path ${k} tree_hash_after`, tohex(after) === u.tree_hash_after])
    const gc = groupContext(c, after)
    for (const [j, privateKeys] of privates) {
      if (j === u.sender || tree[j * 2]?.nodeType !== "leaf") continue
      const own = { leafIndex: j, privateKeys } as never
      const got = await applyUpdatePathSecret(merged, own, u.sender, gc, path, [], cs)
      const commit = await getCommitSecret(merged, got.nodeIndex as NodeIndex, got.pathSecret, cs.kdf)
      checks.push([`path ${k} receiver ${j}`,
        tohex(got.pathSecret) === u.path_secrets[j] && tohex(commit) === u.commit_secret])
    }
  }
  tally.case(id, checks)
})

const raw = (x: FramedContent) => x.contentType === "proposal" ? tohex(p.encodeProposal(x.proposal))
  : x.contentType === "commit" ? tohex(encodeCommit(x.commit)) : tohex(x.applicationData)

const messageProtection: FamilyRunner = (cases) => eachCase(cases, async (v, id, tally) => {
  const cs = await impl(v.cipher_suite)
  const gc = groupContext(v, unhex(v.tree_hash))
  const pub = unhex(v.signature_pub)
  // ts-mls looks for a non-blank leaf at the sender's index; the key itself is passed as the override.
  const stubTree = [undefined, undefined, { nodeType: "leaf", leaf: {} }] as never
  const checks: [string, boolean][] = []
  for (const kind of ["proposal", "commit", "application"] as const) {
    for (const wire of kind === "application" ? ["priv"] : ["pub", "priv"]) {
      const m = whole(decodeMlsMessage, unhex(v[`${kind}_${wire}`]), `${kind}_${wire}`)
      let got: string | undefined
      if (m.wireformat === "mls_public_message") {
        got = raw((await unprotectPublicMessage(unhex(v.membership_key), gc, [], m.publicMessage, cs, pub)).content)
      } else if (m.wireformat === "mls_private_message") {
        const secretTree = await createSecretTree(2, unhex(v.encryption_secret), cs.kdf)
        const r = await unprotectPrivateMessage(unhex(v.sender_data_secret), m.privateMessage, secretTree, stubTree, gc,
          defaultKeyRetentionConfig, cs, pub)
        got = raw(r.content.content)
      }
      checks.push([`${kind}_${wire}`, got === v[kind]])
    }
  }
  tally.case(id, checks)
})

const welcome: FamilyRunner = (cases) => eachCase(cases, async (v, id, tally) => {
  const opened = await openWelcome(await impl(v.cipher_suite), {
    cipherSuite: v.cipher_suite, keyPackage: unhex(v.key_package), initPriv: unhex(v.init_priv),
    welcome: unhex(v.welcome), signerPub: unhex(v.signer_pub),
  })
  tally.case(id, [["GroupInfo signature", opened.signatureValid], ["confirmation tag", opened.confirmationTagValid]])
})

const FIELDS: [string, Decoder<unknown>, Encoder<never>][] = [
  ["mls_welcome", decodeMlsMessage, encodeMlsMessage], ["mls_group_info", decodeMlsMessage, encodeMlsMessage],
  ["mls_key_package", decodeMlsMessage, encodeMlsMessage], ["ratchet_tree", decodeRatchetTree, encodeRatchetTree],
  ["group_secrets", decodeGroupSecrets, encodeGroupSecrets], ["add_proposal", p.decodeAdd, p.encodeAdd],
  ["update_proposal", p.decodeUpdate, p.encodeUpdate], ["remove_proposal", p.decodeRemove, p.encodeRemove],
  ["pre_shared_key_proposal", p.decodePSK, p.encodePSK], ["re_init_proposal", p.decodeReinit, p.encodeReinit],
  ["external_init_proposal", p.decodeExternalInit, p.encodeExternalInit],
  ["group_context_extensions_proposal", p.decodeGroupContextExtensions, p.encodeGroupContextExtensions],
  ["commit", decodeCommit, encodeCommit], ["public_message_application", decodeMlsMessage, encodeMlsMessage],
  ["public_message_proposal", decodeMlsMessage, encodeMlsMessage],
  ["public_message_commit", decodeMlsMessage, encodeMlsMessage],
  ["private_message", decodeMlsMessage, encodeMlsMessage],
]

const messages: FamilyRunner = (cases) => eachCase(cases, (v, id, tally) => {
  tally.case(id, FIELDS.map(([field, decode, encode]) => {
    const bytes = unhex(v[field])
    const d = decode(bytes, 0)
    return [field, d !== undefined && Buffer.from(encode(d[0] as never)).equals(bytes)]
  }))
})

const passive: FamilyRunner = (cases) => {
  const client = createTsMlsClient()
  return eachCase(cases, async (c, id, tally) => {
    const joined = await client.joinPassive({
      cipherSuite: c.cipher_suite, keyPackage: unhex(c.key_package), initPriv: unhex(c.init_priv),
      encryptionPriv: unhex(c.encryption_priv), signaturePriv: unhex(c.signature_priv), welcome: unhex(c.welcome),
      ...(c.ratchet_tree === null ? {} : { ratchetTree: unhex(c.ratchet_tree) }),
      externalPsks: c.external_psks.map((x: VectorCase) => ({ id: unhex(x.psk_id), secret: unhex(x.psk) })),
    })
    if (!joined.ok) return tally.case(id, [[`join: ${joined.detail}`, false]])
    const member = joined.value
    const auth = await member.epochAuthenticator()
    const checks: [string, boolean][] = [["epoch 0", auth.ok && tohex(auth.value) === c.initial_epoch_authenticator]]
    for (const [i, e] of (c.epochs as VectorCase[]).entries()) {
      const r = await member.processEpoch(e.proposals.map(unhex), unhex(e.commit))
      const a = await member.epochAuthenticator()
      const same = r.ok && a.ok && tohex(a.value) === e.epoch_authenticator
      checks.push([`epoch ${i + 1}${r.ok ? "" : `: ${r.detail}`}`, same])
      if (!r.ok) break
    }
    tally.case(id, checks)
  })
}

export const tsMlsProtocolRunners: Partial<Record<Family, FamilyRunner>> = {
  "tree-validation": treeValidation, "tree-operations": treeOperations, "treekem": treekem,
  "message-protection": messageProtection, "welcome": welcome, "messages": messages,
  "passive-client-handling-commit": passive, "passive-client-random": passive, "passive-client-welcome": passive,
}
