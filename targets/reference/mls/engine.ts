/**
 * The reference provider's MLS toolkit: thin wrappers over ts-mls 1.6.4 for its own local clients
 * and for the hub's view of each room. One ciphersuite (1) and Basic credentials whose identity is
 * the client's MIMI URI.
 */
import {
  createApplicationMessage, createCommit, createGroup, createGroupInfoWithExternalPub, createProposal,
  decodeMlsMessage, emptyPskIndex, encodeMlsMessage, generateKeyPackageWithKey, getCiphersuiteFromName,
  getCiphersuiteImpl, joinGroup, joinGroupExternal, processMessage, acceptAll,
  type CiphersuiteImpl, type ClientState, type Extension, type GroupInfo, type KeyPackage, type MLSMessage,
  type PrivateKeyPackage, type Proposal, type RatchetTree, type Welcome, type Capabilities, type ClientConfig,
  type KeyRetentionConfig,
} from "ts-mls"
import { defaultClientConfig } from "ts-mls/clientConfig.js"
import { encodeRatchetTree, decodeRatchetTree } from "ts-mls/ratchetTree.js"
import { makeKeyPackageRef } from "ts-mls/keyPackage.js"

export const SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const
export const SUITE_ID = 1
/** mls-extensions: the app_data_dictionary GroupContext extension and the AppDataUpdate proposal. */
export const APP_DATA_DICTIONARY_EXT = 0x0006
export const APP_DATA_UPDATE_PROPOSAL = 0x0008

/**
 * Key retention of the local clients. The hub accepts one sender's messages in arrival order, so under
 * concurrent submission a generation can arrive after later ones (RFC 9420 §15.3 allows this within an
 * epoch; MIMI's transport requirements expect at most a few hundred out of order). A receiver keeps the
 * keys of up to 1024 skipped generations per sender and epoch and ratchets at most 1024 steps ahead, so
 * a sender may have up to 1024 messages in flight, or refused, per epoch without loss (ts-mls's default
 * of 10 loses messages at 16 in flight). The cost arises only while gaps are open: about 40 bytes of
 * stored state per kept key, and at most 1024 key derivations for one message.
 */
export const KEY_RETENTION: KeyRetentionConfig = {
  retainKeysForGenerations: 1024, retainKeysForEpochs: 4, maximumForwardRatchetSteps: 1024,
}
export const CLIENT_CONFIG: ClientConfig = { ...defaultClientConfig, keyRetentionConfig: KEY_RETENTION }

let implPromise: Promise<CiphersuiteImpl> | undefined
export function suite(): Promise<CiphersuiteImpl> {
  implPromise ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME))
  return implPromise
}

/** Fixed capabilities (no GREASE), so KeyPackages are reproducible in size. */
export function capabilities(): Capabilities {
  return {
    versions: ["mls10"], ciphersuites: [SUITE_NAME], extensions: [APP_DATA_DICTIONARY_EXT],
    proposals: [APP_DATA_UPDATE_PROPOSAL], credentials: ["basic"],
  }
}

export interface SigningIdentity { clientUri: string; publicKey: Uint8Array; signKey: Uint8Array }

export async function newSigningIdentity(clientUri: string): Promise<SigningIdentity> {
  const cs = await suite()
  const { publicKey, signKey } = await cs.signature.keygen()
  return { clientUri, publicKey, signKey }
}

export const credentialOf = (clientUri: string) =>
  ({ credentialType: "basic", identity: new TextEncoder().encode(clientUri) }) as const

export interface FreshKeyPackage {
  keyPackage: KeyPackage
  privateKeys: PrivateKeyPackage
  ref: Uint8Array
  /** The KeyPackage as an MLSMessage. */
  bytes: Uint8Array
}

/** A KeyPackage valid from `notBefore` to `notAfter` (seconds since the epoch). */
export async function newKeyPackage(
  id: SigningIdentity, notBefore: bigint, notAfter: bigint,
): Promise<FreshKeyPackage> {
  const cs = await suite()
  const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
    credentialOf(id.clientUri), capabilities(), { notBefore, notAfter }, [],
    { signKey: id.signKey, publicKey: id.publicKey }, cs,
  )
  const bytes = encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: publicPackage })
  return { keyPackage: publicPackage, privateKeys: privatePackage, ref: await keyPackageRef(publicPackage), bytes }
}

export async function keyPackageRef(kp: KeyPackage): Promise<Uint8Array> {
  return makeKeyPackageRef(kp, (await suite()).hash)
}

export async function createRoomGroup(
  groupId: Uint8Array, kp: FreshKeyPackage, extensions: Extension[],
): Promise<ClientState> {
  return createGroup(groupId, kp.keyPackage, kp.privateKeys, extensions, await suite(), CLIENT_CONFIG)
}

export interface CommitOutput {
  newState: ClientState
  commit: MLSMessage
  welcome: Welcome | undefined
  groupInfo: GroupInfo
  tree: Uint8Array
}

/** A PublicMessage commit (the hub must read it), plus the GroupInfo and tree for the hub's records. */
export async function commit(state: ClientState, proposals: Proposal[]): Promise<CommitOutput> {
  const cs = await suite()
  const out = await createCommit({ state, cipherSuite: cs }, { extraProposals: proposals, wireAsPublicMessage: true })
  const groupInfo = await createGroupInfoWithExternalPub(out.newState, [], cs)
  const tree = encodeTree(out.newState.ratchetTree)
  return { newState: out.newState, commit: out.commit, welcome: out.welcome, groupInfo, tree }
}

export async function proposal(
  state: ClientState, p: Proposal,
): Promise<{ newState: ClientState; message: MLSMessage }> {
  const out = await createProposal(state, true, p, await suite())
  return { newState: out.newState, message: out.message }
}

export async function groupInfoOf(state: ClientState): Promise<GroupInfo> {
  return createGroupInfoWithExternalPub(state, [], await suite())
}

export async function join(
  welcome: Welcome, kp: KeyPackage, keys: PrivateKeyPackage, tree: Uint8Array,
): Promise<ClientState> {
  return joinGroup(welcome, kp, keys, emptyPskIndex, await suite(), decodeTree(tree), undefined, CLIENT_CONFIG)
}

export async function externalJoin(groupInfo: GroupInfo, tree: Uint8Array, kp: FreshKeyPackage) {
  const cs = await suite()
  const out = await joinGroupExternal(
    groupInfo, kp.keyPackage, kp.privateKeys, false, cs, decodeTree(tree), CLIENT_CONFIG,
  )
  const commitMsg: MLSMessage = { version: "mls10", wireformat: "mls_public_message", publicMessage: out.publicMessage }
  return { newState: out.newState, commit: commitMsg }
}

export async function encrypt(state: ClientState, plaintext: Uint8Array, aad: Uint8Array) {
  const out = await createApplicationMessage(state, plaintext, await suite(), aad)
  const privateMessage = out.privateMessage
  const message: MLSMessage = { version: "mls10", wireformat: "mls_private_message", privateMessage }
  return { newState: out.newState, message }
}

export type Processed =
  | { kind: "application"; newState: ClientState; plaintext: Uint8Array }
  | { kind: "handshake"; newState: ClientState }

export async function processIncoming(state: ClientState, msg: MLSMessage): Promise<Processed> {
  if (msg.wireformat !== "mls_private_message" && msg.wireformat !== "mls_public_message") {
    throw new Error(`cannot process wire format ${msg.wireformat}`)
  }
  const res = await processMessage(msg, state, emptyPskIndex, acceptAll, await suite())
  if (res.kind === "applicationMessage") return { kind: "application", newState: res.newState, plaintext: res.message }
  return { kind: "handshake", newState: res.newState }
}

export const encodeMessage = (m: MLSMessage): Uint8Array => encodeMlsMessage(m)

export function decodeMessage(bytes: Uint8Array): MLSMessage | undefined {
  const res = decodeMlsMessage(bytes, 0)
  return res && res[1] === bytes.length ? res[0] : undefined
}

export const encodeTree = (tree: RatchetTree): Uint8Array => encodeRatchetTree(tree)

export function decodeTree(bytes: Uint8Array): RatchetTree {
  const res = decodeRatchetTree(bytes, 0)
  if (!res) throw new Error("undecodable ratchet tree")
  return res[0]
}

/** ts-mls keeps Ed25519 private keys as PKCS#8 (48 bytes); the suite's crypto takes the raw 32-byte seed. */
export function rawSignKey(signKey: Uint8Array): Uint8Array {
  return signKey.length === 48 ? signKey.subarray(16) : signKey
}
