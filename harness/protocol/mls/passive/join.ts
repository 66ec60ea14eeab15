import {
  decodeExtensionBody, decodeKeyPackage, decodeMlsMessage, decodeRatchetTree, decodeWelcome, encodeLeafNode,
  ExtensionType, type GroupInfo, type KeyPackage, type RatchetTree, type Welcome,
} from "../codec/index.ts"
import { bytesEqual, hex } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { cipherSuite } from "../crypto/suites.ts"
import { fail, ok, type Outcome } from "../message/outcome.ts"
import { keyPackageRef, openWelcome, verifyGroupInfo } from "../message/welcome.ts"
import { SecretTree } from "../schedule/secret-tree.ts"
import { interimTranscriptHash } from "../schedule/transcript.ts"
import { filteredDirectPath, inSubtree, leafAt, parent, treeFromRatchetTree, type Tree } from "../tree/index.ts"
import { validateRatchetTree } from "../validate/index.ts"
import type { MemberState } from "./state.ts"
import { requiredCapabilitiesOf, resolvePsk } from "./state.ts"
import { derivePathKeys } from "./update-path.ts"

export interface JoinInput {
  /** KeyPackage, bare or wrapped in an MLSMessage. */
  readonly keyPackage: Uint8Array
  readonly initPrivateKey: Uint8Array
  readonly encryptionPrivateKey: Uint8Array
  readonly signaturePrivateKey: Uint8Array
  /** Welcome, bare or wrapped in an MLSMessage. */
  readonly welcome: Uint8Array
  /** The ratchet tree out of band, when the GroupInfo does not carry it. */
  readonly ratchetTree?: Uint8Array
  readonly externalPsks?: readonly { pskId: Uint8Array; psk: Uint8Array }[]
}

function unwrapKeyPackage(bytes: Uint8Array): Outcome<{ kp: KeyPackage; raw: Uint8Array }> {
  const m = decodeMlsMessage(bytes)
  if (m.ok && m.value.wireFormat === "mls_key_package") return ok({ kp: m.value.keyPackage, raw: bytes.subarray(4) })
  const kp = decodeKeyPackage(bytes)
  return kp.ok ? ok({ kp: kp.value, raw: bytes }) : fail("mls.welcome.decodes", `KeyPackage: ${kp.error.code}`)
}

function unwrapWelcome(bytes: Uint8Array): Outcome<Welcome> {
  const m = decodeMlsMessage(bytes)
  if (m.ok && m.value.wireFormat === "mls_welcome") return ok(m.value.welcome)
  const w = decodeWelcome(bytes)
  return w.ok ? ok(w.value) : fail("mls.welcome.decodes", `Welcome: ${w.error.code} at ${w.error.fieldPath}`)
}

function treeListOf(info: GroupInfo, outOfBand: Uint8Array | undefined): Outcome<RatchetTree> {
  const ext = info.extensions.find((e) => e.extensionType === ExtensionType.ratchet_tree)
  if (ext !== undefined) {
    const body = decodeExtensionBody(ext)
    return body.ok && body.value.type === "ratchet_tree" ? ok(body.value.ratchetTree)
      : fail("mls.welcome.decodes", "ratchet_tree extension")
  }
  if (outOfBand === undefined) {
    return fail("mls.welcome.ratchet-tree-available", "no ratchet_tree extension and no tree out of band")
  }
  const rt = decodeRatchetTree(outOfBand)
  return rt.ok ? ok(rt.value) : fail("mls.welcome.decodes", `ratchet tree: ${rt.error.code} at ${rt.error.fieldPath}`)
}

/** Ratchet-tree validation at join (§12.4.3.1) by the validators; the first violation is reported. */
function validTree(cs: CipherSuite, list: RatchetTree, gc: GroupInfo["groupContext"]): Outcome<Tree> {
  const required = requiredCapabilitiesOf(gc.extensions)
  const violations = validateRatchetTree(cs, list, {
    groupId: gc.groupId, treeHash: gc.treeHash, ...(required === undefined ? {} : { requiredCapabilities: required }),
  })
  const first = violations[0]
  if (first !== undefined) return fail(first.rule, `${first.detail} (${violations.length} violation(s))`)
  const t = treeFromRatchetTree(list)
  return t.ok ? ok(t.tree) : fail("mls.ratchet-tree.well-formed", t.detail)
}

function checkPrivateKeys(cs: CipherSuite, kp: KeyPackage, input: JoinInput): Outcome<true> {
  const pairs: [Uint8Array | undefined, Uint8Array, string][] = [
    [cs.hpkePublicKey(input.initPrivateKey), kp.initKey, "init"],
    [cs.hpkePublicKey(input.encryptionPrivateKey), kp.leafNode.encryptionKey, "encryption"],
    [cs.signaturePublicKey(input.signaturePrivateKey), kp.leafNode.signatureKey, "signature"],
  ]
  for (const [derived, expected, name] of pairs) {
    if (derived === undefined || !bytesEqual(derived, expected)) {
      return fail("mls.welcome.private-keys-match", `the ${name} private key does not match the KeyPackage`)
    }
  }
  return ok(true)
}

/** Joins from a Welcome as RFC 9420 §12.4.3.1 prescribes, returning the member's first state. */
export function joinFromWelcome(input: JoinInput): Outcome<MemberState> {
  const kp = unwrapKeyPackage(input.keyPackage)
  if (!kp.ok) return kp
  const cs = cipherSuite(kp.value.kp.cipherSuite)
  if (cs === undefined) return fail("mls.welcome.cipher-suite-matches", `unknown suite ${kp.value.kp.cipherSuite}`)
  const keys = checkPrivateKeys(cs, kp.value.kp, input)
  if (!keys.ok) return keys
  const welcome = unwrapWelcome(input.welcome)
  if (!welcome.ok) return welcome
  const externalPsks = new Map((input.externalPsks ?? []).map((p) => [hex(p.pskId), p.psk]))
  const psks = { externalPsks, resumptionPsks: new Map() }
  const opened = openWelcome(cs, welcome.value, keyPackageRef(cs, kp.value.raw), input.initPrivateKey,
    resolvePsk(psks, new Uint8Array(0)))
  if (!opened.ok) return opened
  const { groupInfo, groupSecrets, epochSecrets } = opened.value
  const gc = groupInfo.groupContext
  const list = treeListOf(groupInfo, input.ratchetTree)
  if (!list.ok) return list
  const tree = validTree(cs, list.value, gc)
  if (!tree.ok) return tree
  const t = tree.value
  const signer = leafAt(t, groupInfo.signer)
  if (signer === undefined) return fail("mls.welcome.signer-in-tree", `GroupInfo signer ${groupInfo.signer} is blank`)
  const sig = verifyGroupInfo(cs, groupInfo, signer.signatureKey)
  if (!sig.ok) return sig
  const ownEncoding = encodeLeafNode(kp.value.kp.leafNode)
  let ownLeaf = -1
  for (let i = 0; i < t.nLeaves && ownLeaf < 0; i++) {
    const leaf = leafAt(t, i)
    if (leaf !== undefined && bytesEqual(encodeLeafNode(leaf), ownEncoding)) ownLeaf = i
  }
  if (ownLeaf < 0) return fail("mls.welcome.own-leaf-present", "the KeyPackage's leaf is not in the tree")
  const privateKeys = new Map<number, Uint8Array>([[ownLeaf * 2, input.encryptionPrivateKey]])
  if (groupSecrets.pathSecret !== undefined) {
    let ancestor = ownLeaf * 2
    while (!inSubtree(groupInfo.signer * 2, ancestor)) ancestor = parent(ancestor, t.nLeaves)
    const fdp = filteredDirectPath(t, groupInfo.signer)
    const from = fdp.indexOf(ancestor)
    if (from < 0) {
      return fail("mls.welcome.path-secret-valid", `common ancestor ${ancestor} is not on the signer's path`)
    }
    const derived = derivePathKeys(cs, t, fdp.slice(from), groupSecrets.pathSecret.pathSecret)
    if (!derived.ok) return fail("mls.welcome.path-secret-valid", derived.detail)
    for (const [x, k] of derived.value.privateKeys) privateKeys.set(x, k)
  }
  return ok({
    cs, groupContext: gc, tree: t, ownLeaf, privateKeys, secrets: epochSecrets,
    interimTranscriptHash: interimTranscriptHash(cs, gc.confirmedTranscriptHash, groupInfo.confirmationTag),
    secretTree: new SecretTree(cs, epochSecrets.encryptionSecret, t.nLeaves),
    resumptionPsks: new Map([[gc.epoch, epochSecrets.resumptionPsk]]),
    externalPsks: psks.externalPsks,
  })
}
