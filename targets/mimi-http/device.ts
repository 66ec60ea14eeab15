/**
 * One simulated client of the suite's peer provider, on ts-mls 1.6.4: it makes KeyPackages, joins
 * from Welcomes, follows commits, and sends commits and application messages. Cipher suite 1 and a
 * Basic credential whose identity is the client's MIMI URI.
 */
import { createHash } from "node:crypto"
import {
  acceptAll, createApplicationMessage, createCommit, createGroup, createProposal, createGroupInfoWithExternalPub,
  decodeMlsMessage, emptyPskIndex, encodeMlsMessage, generateKeyPackageWithKey, getCiphersuiteFromName,
  getCiphersuiteImpl, joinGroup, joinGroupExternal,
  mlsExporter, processMessage, type CiphersuiteImpl, type ClientState, type KeyPackage, type MLSMessage,
  type PrivateKeyPackage, type Proposal,
} from "ts-mls"
import { decodeKeyPackage, makeKeyPackageRef } from "ts-mls/keyPackage.js"
import { decodeRatchetTree, encodeRatchetTree } from "ts-mls/ratchetTree.js"
import { decodeGroupInfo, encodeGroupInfo } from "ts-mls/groupInfo.js"
import { encodeUpdateRequest } from "../../harness/protocol/mimi/index.ts"
import * as wire from "../../harness/protocol/mls/codec/index.ts"

export const PEER_SUITE = 1
const SUITE_NAME = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const
/** mls-extensions app_data_dictionary and AppDataUpdate: rooms carry the participant list there. */
const APP_DATA_DICTIONARY = 0x0006
const APP_DATA_UPDATE = 0x0008

let impl: Promise<CiphersuiteImpl> | undefined
export const peerSuite = (): Promise<CiphersuiteImpl> =>
  (impl ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE_NAME)))

export interface OwnKeyPackage {
  keyPackage: KeyPackage
  privateKeys: PrivateKeyPackage
  ref: Uint8Array
  /** The bare KeyPackage as encoded (no MLSMessage header). */
  bytes: Uint8Array
}

export interface CommitBundle {
  /** The UpdateRequest body: commit, optional Welcome, full GroupInfo, full ratchet tree. */
  body: Uint8Array
  commit: Uint8Array
  newState: ClientState
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

export class Device {
  readonly keyPackages = new Map<string, OwnKeyPackage>()
  /** ts-mls state per room. */
  readonly rooms = new Map<string, ClientState>()
  /** sha256 (hex) of every MLSMessage this client sent: its own messages come back and are skipped. */
  readonly sent = new Set<string>()

  private constructor(readonly uri: string, private readonly sign: { signKey: Uint8Array; publicKey: Uint8Array }) {}

  static async create(uri: string): Promise<Device> {
    const cs = await peerSuite()
    const { signKey, publicKey } = await cs.signature.keygen()
    return new Device(uri, { signKey, publicKey })
  }

  get signaturePublicKey(): Uint8Array {
    return this.sign.publicKey
  }

  /** The raw 32-byte Ed25519 seed (ts-mls keeps the key as PKCS#8 DER, whose last 32 bytes it is). */
  get signaturePrivateKey(): Uint8Array {
    return this.sign.signKey.subarray(this.sign.signKey.length - 32)
  }

  async newKeyPackage(notBefore: bigint, notAfter: bigint): Promise<OwnKeyPackage> {
    const cs = await peerSuite()
    const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
      { credentialType: "basic", identity: new TextEncoder().encode(this.uri) },
      {
        versions: ["mls10"], ciphersuites: [SUITE_NAME], extensions: [APP_DATA_DICTIONARY],
        proposals: [APP_DATA_UPDATE], credentials: ["basic"],
      },
      { notBefore, notAfter }, [], this.sign, cs,
    )
    const framed = encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: publicPackage })
    const ref = await makeKeyPackageRef(publicPackage, cs.hash)
    const own = { keyPackage: publicPackage, privateKeys: privatePackage, ref, bytes: framed.subarray(4) }
    this.keyPackages.set(hex(own.ref), own)
    return own
  }

  ownsRef(ref: Uint8Array): OwnKeyPackage | undefined {
    return this.keyPackages.get(hex(ref))
  }

  async join(room: string, welcomeMessage: Uint8Array, own: OwnKeyPackage, tree: Uint8Array): Promise<ClientState> {
    const m = decodeMlsMessage(welcomeMessage, 0)?.[0]
    if (m?.wireformat !== "mls_welcome") throw new Error("not a Welcome MLSMessage")
    const rt = decodeRatchetTree(tree, 0)?.[0]
    const state = await joinGroup(m.welcome, own.keyPackage, own.privateKeys, emptyPskIndex, await peerSuite(), rt)
    this.rooms.set(room, state)
    return state
  }

  /** Takes a sibling's message directly (not through the hub); its fanned-out copy is then skipped. */
  async learn(room: string, message: Uint8Array): Promise<void> {
    await this.process(room, message)
    this.sent.add(sha256(message))
  }

  /** Processes a handshake or application MLSMessage of a room; returns the plaintext of an application message. */
  async process(room: string, message: Uint8Array): Promise<Uint8Array | undefined> {
    const state = this.rooms.get(room)
    if (state === undefined) throw new Error(`${this.uri} is not in ${room}`)
    const m = decodeMlsMessage(message, 0)?.[0]
    const framed = m?.wireformat === "mls_private_message" || m?.wireformat === "mls_public_message"
    if (!framed) throw new Error("not a Public/PrivateMessage")
    const res = await processMessage(m, state, emptyPskIndex, acceptAll, await peerSuite())
    this.rooms.set(room, res.newState)
    return res.kind === "applicationMessage" ? res.message : undefined
  }

  /**
   * A commit of `proposals` plus the proposals this client holds (none: an update-path-only commit),
   * as an UpdateRequest; the state is not advanced. `omitPending` leaves the held proposals out.
   */
  async commit(room: string, proposals: Proposal[] = [], omitPending = false): Promise<CommitBundle> {
    const held = this.state(room)
    const state = omitPending ? { ...held, unappliedProposals: {} } : held
    const cs = await peerSuite()
    const out = await createCommit({ state, cipherSuite: cs }, { extraProposals: proposals, wireAsPublicMessage: true })
    const groupInfo = encodeGroupInfo(await createGroupInfoWithExternalPub(out.newState, [], cs))
    const commit = encodeMlsMessage(out.commit)
    this.sent.add(sha256(commit))
    const welcome = out.welcome === undefined ? undefined
      : encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: out.welcome }).subarray(4)
    const body = commitUpdateRequest(commit, welcome, groupInfo, encodeRatchetTree(out.newState.ratchetTree))
    return { body, commit, newState: out.newState }
  }

  /**
   * Creates a room's group with this client as its only member (the peer acting as the room's hub)
   * and adds the given KeyPackages (bare, encoded) in one commit, applied at once. Returns the
   * Welcome as an MLSMessage and the new ratchet tree, encoded.
   */
  async hostRoom(
    room: string, groupId: Uint8Array, keyPackages: Uint8Array[],
  ): Promise<{ welcome: Uint8Array; tree: Uint8Array }> {
    const cs = await peerSuite()
    const own = await this.newKeyPackage(0n, 2n ** 62n)
    const state = await createGroup(groupId, own.keyPackage, own.privateKeys, [], cs)
    const adds: Proposal[] = keyPackages.map((b) => {
      const kp = decodeKeyPackage(b, 0)?.[0]
      if (kp === undefined) throw new Error("KeyPackage does not decode")
      return { proposalType: "add", add: { keyPackage: kp } }
    })
    const out = await createCommit({ state, cipherSuite: cs }, { extraProposals: adds })
    if (out.welcome === undefined) throw new Error("no Welcome for the added members")
    this.rooms.set(room, out.newState)
    return {
      welcome: encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: out.welcome }),
      tree: encodeRatchetTree(out.newState.ratchetTree),
    }
  }

  /** An external commit joining from a GroupInfo and tree (encoded), as an UpdateRequest; the state is not kept yet. */
  async externalCommit(groupInfo: Uint8Array, tree: Uint8Array): Promise<CommitBundle> {
    const cs = await peerSuite()
    const gi = decodeGroupInfo(groupInfo, 0)?.[0]
    if (gi === undefined) throw new Error("GroupInfo does not decode")
    const own = await this.newKeyPackage(0n, 2n ** 62n)
    const out = await joinGroupExternal(gi, own.keyPackage, own.privateKeys, false, cs, decodeRatchetTree(tree, 0)?.[0])
    const framed: MLSMessage = { version: "mls10", wireformat: "mls_public_message", publicMessage: out.publicMessage }
    const commit = encodeMlsMessage(framed)
    this.sent.add(sha256(commit))
    const newInfo = encodeGroupInfo(await createGroupInfoWithExternalPub(out.newState, [], cs))
    const body = commitUpdateRequest(commit, undefined, newInfo, encodeRatchetTree(out.newState.ratchetTree))
    return { body, commit, newState: out.newState }
  }

  /** A PublicMessage proposal as an UpdateRequest (no moreProposals); the proposal is also held by this client. */
  async propose(room: string, proposal: Proposal): Promise<{ body: Uint8Array; message: Uint8Array }> {
    const out = await createProposal(this.state(room), true, proposal, await peerSuite())
    this.rooms.set(room, out.newState)
    const message = encodeMlsMessage(out.message)
    this.sent.add(sha256(message))
    const proposalOrCommit = decoded("proposal", wire.decodeMlsMessage(message))
    return { body: encodeUpdateRequest({ proposalOrCommit, kind: "proposal", moreProposals: [] }), message }
  }

  /** An application message as a framed MLSMessage (PrivateMessage); the sender's ratchet advances. */
  async encrypt(room: string, plaintext: Uint8Array): Promise<Uint8Array> {
    const out = await createApplicationMessage(this.state(room), plaintext, await peerSuite())
    this.rooms.set(room, out.newState)
    const msg: MLSMessage = { version: "mls10", wireformat: "mls_private_message", privateMessage: out.privateMessage }
    const bytes = encodeMlsMessage(msg)
    this.sent.add(sha256(bytes))
    return bytes
  }

  async exporter(room: string, label: string, length: number): Promise<Uint8Array> {
    return mlsExporter(this.state(room).keySchedule.exporterSecret, label, new Uint8Array(), length, await peerSuite())
  }

  epoch(room: string): bigint | undefined {
    return this.rooms.get(room)?.groupContext.epoch
  }

  adopt(room: string, state: ClientState): void {
    this.rooms.set(room, state)
  }

  leave(room: string): void {
    this.rooms.delete(room)
  }

  state(room: string): ClientState {
    const s = this.rooms.get(room)
    if (s === undefined) throw new Error(`${this.uri} is not in ${room}`)
    return s
  }
}

export const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")

/**
 * A commit's UpdateRequest (-06 §5.3), encoded with the suite's own codec: the commit, its Welcome
 * (bare, when there is one), the full GroupInfo and the full ratchet tree.
 */
export function commitUpdateRequest(
  commit: Uint8Array, welcome: Uint8Array | undefined, groupInfo: Uint8Array, tree: Uint8Array,
): Uint8Array {
  return encodeUpdateRequest({
    proposalOrCommit: decoded("commit", wire.decodeMlsMessage(commit)),
    kind: "commit",
    ...(welcome === undefined ? {} : { welcome: decoded("Welcome", wire.decodeWelcome(welcome)) }),
    groupInfoOption: { representation: "full", groupInfo: decoded("GroupInfo", wire.decodeGroupInfo(groupInfo)) },
    ratchetTreeOption: { representation: "full", ratchetTree: decoded("ratchet tree", wire.decodeRatchetTree(tree)) },
  })
}

/** What ts-mls produced for the peer must decode under the suite's strict codec; anything else is a harness bug. */
function decoded<T>(what: string, result: wire.Result<T>): T {
  if (!result.ok) throw new Error(`the peer's ${what} does not decode: ${result.error.code} at ${result.error.fieldPath}`)
  return result.value
}
