/** The oracle's protocol-level families: trees, TreeKEM, framing, Welcome, the codec, passive members. */
import type { Codec, FramedContent } from "../harness/protocol/mls/codec/index.ts"
import { eachCase, tohex, unhex, type Family, type FamilyRunner, type VectorCase } from "./families.ts"

const cs = async (id: number) => (await import("../harness/protocol/mls/crypto/suites.ts")).cipherSuite(id)!

async function treeOf(bytes: string) {
  const { decodeRatchetTree } = await import("../harness/protocol/mls/codec/index.ts")
  const { treeFromRatchetTree } = await import("../harness/protocol/mls/tree/index.ts")
  const list = decodeRatchetTree(unhex(bytes))
  if (!list.ok) throw new Error(`ratchet_tree: ${list.error.code} at ${list.error.fieldPath}`)
  const built = treeFromRatchetTree(list.value)
  if (!built.ok) throw new Error(`ratchet_tree: ${built.detail}`)
  return built.tree
}

const treeValidation: FamilyRunner = async (cases) => {
  const t = await import("../harness/protocol/mls/tree/index.ts")
  return eachCase(cases, async (v, id, tally) => {
    const s = await cs(v.cipher_suite)
    const tree = await treeOf(v.tree)
    const hashes = t.treeHashes(s, tree)
    tally.case(id, [
      ["tree_hashes", hashes.map(tohex).join() === v.tree_hashes.join()],
      ["resolutions", JSON.stringify(v.resolutions.map((_: unknown, x: number) => t.resolution(tree, x))) ===
        JSON.stringify(v.resolutions)],
      ["parent hashes", t.verifyParentHashes(s, tree, hashes).length === 0],
      ["leaf signatures", t.verifyLeafSignatures(s, tree, unhex(v.group_id)).length === 0],
    ])
  })
}

const treeOperations: FamilyRunner = async (cases) => {
  const c = await import("../harness/protocol/mls/codec/index.ts")
  const t = await import("../harness/protocol/mls/tree/index.ts")
  return eachCase(cases, async (v, id, tally) => {
    const s = await cs(v.cipher_suite)
    const before = await treeOf(v.tree_before)
    const p = c.decodeProposal(unhex(v.proposal))
    if (!p.ok) return tally.case(id, [["proposal decodes", false]])
    const q = p.value
    const after = q.proposalType === "add" ? t.applyAdd(before, q.keyPackage.leafNode).tree
      : q.proposalType === "update" ? t.applyUpdate(before, v.proposal_sender, q.leafNode)
      : q.proposalType === "remove" ? t.applyRemove(before, q.removed) : undefined
    tally.case(id, [
      ["tree_hash_before", tohex(t.treeHash(s, before)) === v.tree_hash_before],
      ["proposal type", after !== undefined],
      ["tree_after", after !== undefined && tohex(c.encodeRatchetTree(t.toRatchetTree(after))) === v.tree_after],
      ["tree_hash_after", after !== undefined && tohex(t.treeHash(s, after)) === v.tree_hash_after],
    ])
  })
}

const treekem: FamilyRunner = async (cases) => {
  const { decodeUpdatePath } = await import("../harness/protocol/mls/codec/index.ts")
  const { leafAt, treeHash } = await import("../harness/protocol/mls/tree/index.ts")
  const up = await import("../harness/protocol/mls/passive/update-path.ts")
  return eachCase(cases, async (c, id, tally) => {
    const s = await cs(c.cipher_suite)
    const tree = await treeOf(c.ratchet_tree)
    const privates = new Map<number, Map<number, Uint8Array>>(c.leaves_private.map((l: VectorCase) => {
      const keys = new Map<number, Uint8Array>([[l.index * 2, unhex(l.encryption_priv)]])
      for (const ps of l.path_secrets) keys.set(ps.node, up.nodeKeyPair(s, unhex(ps.path_secret)).privateKey)
      return [l.index as number, keys] as const
    }))
    const checks: [string, boolean][] = []
    for (const [k, u] of (c.update_paths as VectorCase[]).entries()) {
      const path = decodeUpdatePath(unhex(u.update_path))
      if (!path.ok) { checks.push([`path ${k} decodes`, false]); continue }
      const merged = up.mergeUpdatePath(s, tree, u.sender, path.value, unhex(c.group_id))
      if (!merged.ok) { checks.push([`path ${k}: ${merged.rule}`, false]); continue }
      const after = treeHash(s, merged.value.tree)
      checks.push([`path ${k} tree_hash_after`, tohex(after) === u.tree_hash_after])
      const context = {
        version: 1, cipherSuite: c.cipher_suite, groupId: unhex(c.group_id), epoch: BigInt(c.epoch), treeHash: after,
        confirmedTranscriptHash: unhex(c.confirmed_transcript_hash), extensions: [],
      }
      for (const [j, keys] of privates) {
        if (j === u.sender || leafAt(tree, j) === undefined) continue
        const { tree: mergedTree, filteredPath } = merged.value
        const got = up.decryptPath(s, mergedTree, j, path.value, filteredPath, new Set(), keys, context)
        checks.push([`path ${k} receiver ${j}`, got.ok && tohex(got.value.pathSecret) === u.path_secrets[j] &&
          tohex(got.value.commitSecret) === u.commit_secret])
      }
    }
    tally.case(id, checks)
  })
}

const messageProtection: FamilyRunner = async (cases) => {
  const c = await import("../harness/protocol/mls/codec/index.ts")
  const { SecretTree } = await import("../harness/protocol/mls/schedule/secret-tree.ts")
  const { verifyPublicMessage } = await import("../harness/protocol/mls/message/public.ts")
  const { unprotectPrivate } = await import("../harness/protocol/mls/message/private.ts")
  const raw = (x: FramedContent) => x.contentType === "proposal" ? tohex(c.encodeProposal(x.proposal))
    : x.contentType === "commit" ? tohex(c.encodeCommit(x.commit)) : tohex(x.applicationData)
  return eachCase(cases, async (v, id, tally) => {
    const s = await cs(v.cipher_suite)
    const view = () => ({
      cs: s, membershipKey: unhex(v.membership_key), senderDataSecret: unhex(v.sender_data_secret),
      groupContext: {
        version: 1, cipherSuite: v.cipher_suite, groupId: unhex(v.group_id), epoch: BigInt(v.epoch),
        treeHash: unhex(v.tree_hash), confirmedTranscriptHash: unhex(v.confirmed_transcript_hash), extensions: [],
      },
      signatureKeyOf: (leaf: number) => (leaf === 1 ? unhex(v.signature_pub) : undefined),
      secretTree: new SecretTree(s, unhex(v.encryption_secret), 2),
    })
    const checks: [string, boolean][] = []
    for (const kind of ["proposal", "commit", "application"] as const) {
      for (const wire of kind === "application" ? ["priv"] : ["pub", "priv"]) {
        const m = c.decodeMlsMessage(unhex(v[`${kind}_${wire}`]))
        let got: string | undefined
        if (m.ok && m.value.wireFormat === "mls_public_message") {
          const r = verifyPublicMessage(view(), m.value.publicMessage)
          got = r.ok ? raw(r.value.content) : undefined
        } else if (m.ok && m.value.wireFormat === "mls_private_message") {
          const r = unprotectPrivate(view(), m.value.privateMessage)
          got = r.ok ? raw(r.value.content) : undefined
        }
        checks.push([`${kind}_${wire}`, got === v[kind]])
      }
    }
    tally.case(id, checks)
  })
}

const welcome: FamilyRunner = async (cases) => {
  const c = await import("../harness/protocol/mls/codec/index.ts")
  const w = await import("../harness/protocol/mls/message/welcome.ts")
  return eachCase(cases, async (v, id, tally) => {
    const s = await cs(v.cipher_suite)
    const m = c.decodeMlsMessage(unhex(v.welcome))
    if (!m.ok || m.value.wireFormat !== "mls_welcome") return tally.case(id, [["welcome decodes", false]])
    const ref = w.keyPackageRef(s, unhex(v.key_package).subarray(4))
    const opened = w.openWelcome(s, m.value.welcome, ref, unhex(v.init_priv), () => undefined)
    const verified = opened.ok && w.verifyGroupInfo(s, opened.value.groupInfo, unhex(v.signer_pub)).ok
    tally.case(id, [["opens", opened.ok], ["GroupInfo signature", verified]])
  })
}

const MESSAGE_FIELDS = [
  ["mls_welcome", "mlsMessageCodec"], ["mls_group_info", "mlsMessageCodec"], ["mls_key_package", "mlsMessageCodec"],
  ["ratchet_tree", "ratchetTreeCodec"], ["group_secrets", "groupSecretsCodec"], ["add_proposal", "addCodec"],
  ["update_proposal", "updateCodec"], ["remove_proposal", "removeCodec"],
  ["pre_shared_key_proposal", "preSharedKeyCodec"],
  ["re_init_proposal", "reInitCodec"], ["external_init_proposal", "externalInitCodec"],
  ["group_context_extensions_proposal", "groupContextExtensionsCodec"], ["commit", "commitCodec"],
  ["public_message_application", "mlsMessageCodec"], ["public_message_proposal", "mlsMessageCodec"],
  ["public_message_commit", "mlsMessageCodec"], ["private_message", "mlsMessageCodec"],
] as const

const messages: FamilyRunner = async (cases) => {
  const c = await import("../harness/protocol/mls/codec/index.ts")
  return eachCase(cases, (v, id, tally) => {
    tally.case(id, MESSAGE_FIELDS.map(([field, name]) => {
      const codec = c[name] as Codec<unknown>
      const bytes = unhex(v[field])
      const res = c.decode(codec, bytes)
      return [field, res.ok && Buffer.from(c.encode(codec, res.value)).equals(bytes)]
    }))
  })
}

const passive: FamilyRunner = async (cases) => {
  const { followGroup } = await import("../harness/protocol/mls/passive/run.ts")
  return eachCase(cases, (c, id, tally) => {
    const join = {
      keyPackage: unhex(c.key_package), initPrivateKey: unhex(c.init_priv),
      encryptionPrivateKey: unhex(c.encryption_priv),
      signaturePrivateKey: unhex(c.signature_priv), welcome: unhex(c.welcome),
      ...(c.ratchet_tree === null ? {} : { ratchetTree: unhex(c.ratchet_tree) }),
      externalPsks: c.external_psks.map((p: VectorCase) => ({ pskId: unhex(p.psk_id), psk: unhex(p.psk) })),
    }
    const epochs = c.epochs.map((e: VectorCase) => ({
      proposals: e.proposals.map(unhex), commit: unhex(e.commit), epochAuthenticator: unhex(e.epoch_authenticator),
    }))
    const r = followGroup(join, unhex(c.initial_epoch_authenticator), epochs)
    tally.case(id, [[r.ok ? "followed" : `epoch ${r.epoch}: ${r.rule}`, r.ok && r.epochsFollowed === epochs.length]])
  })
}

export const protocolRunners: Record<Exclude<Family, "tree-math" | "crypto-basics" | "key-schedule" | "secret-tree" |
  "psk_secret" | "transcript-hashes" | "deserialization">, FamilyRunner> = {
  "tree-validation": treeValidation, "tree-operations": treeOperations, "treekem": treekem,
  "message-protection": messageProtection, "welcome": welcome, "messages": messages,
  "passive-client-handling-commit": passive, "passive-client-random": passive, "passive-client-welcome": passive,
}
