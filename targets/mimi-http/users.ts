/**
 * The peer provider's own users and what their clients saw. Each client acts with ts-mls and is
 * shadowed by the suite's oracle (a passive member), so what a scenario judges — epochs, epoch
 * authenticators, plaintexts — comes from bytes the suite decoded and verified itself.
 */
import {
  checkKeyMaterialRequest, decodeKeyMaterialRequest, decodeNotifyBody, encodeKeyMaterialResponse, identifierFromPath,
  type ClientKeyMaterial, type FanoutMessage,
} from "../../harness/protocol/mimi/index.ts"
import { decodeKeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import { encodeMlsMessage, type MlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { encodeRatchetTree } from "../../harness/protocol/mls/codec/ratchet-tree.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { processCommit } from "../../harness/protocol/mls/passive/commit.ts"
import { joinFromWelcome } from "../../harness/protocol/mls/passive/join.ts"
import { openMessage, type MemberState } from "../../harness/protocol/mls/passive/state.ts"
import { Device, sha256 } from "./device.ts"
import type { Answer, Incoming } from "./server.ts"

export interface PeerUser {
  uri: string
  devices: Device[]
}

/** One FanoutMessage as one client of the peer took it. */
export interface Delivery {
  order: number
  device: string
  room: string
  kind: FanoutMessage["kind"]
  /** The epoch the message names (for a Welcome: the epoch joined). */
  epoch: bigint
  timestamp: bigint
  /** sha256 of the MLSMessage: the same message delivered twice has the same id. */
  messageId: string
  /** The MLSMessage as delivered. */
  bytes: Uint8Array
  /** Application plaintext as the suite's oracle decrypted it. */
  plaintext?: Uint8Array
  /** Why the oracle or the client could not take it. */
  error?: string
}

/** The oracle's member state, and that of the epoch just left for application messages arriving late. */
interface Shadow { state: MemberState; proposals: Uint8Array[]; previous?: MemberState }
type WelcomeFanout = Extract<FanoutMessage, { kind: "welcome" }>

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

export class PeerUsers {
  readonly users = new Map<string, PeerUser>()
  readonly deliveries: Delivery[] = []
  readonly notifyBodies: Incoming[] = []
  /** Every FanoutMessage received, in arrival order, whether or not a client of the peer could take it. */
  readonly fanouts: { room: string; kind: FanoutMessage["kind"]; messageId: string }[] = []
  readonly keyMaterialRequests: Incoming[] = []
  private readonly shadows = new Map<string, Shadow>()
  private readonly seenBodies = new Set<string>()
  private readonly claimed = new Set<string>()

  constructor(readonly domain: string) {}

  async addUser(name: string, devices: number, keyPackagesEach: number, now: bigint): Promise<PeerUser> {
    const uri = `mimi://${this.domain}/u/${name}`
    const user: PeerUser = { uri, devices: [] }
    for (let i = 1; i <= devices; i++) user.devices.push(await Device.create(`mimi://${this.domain}/d/${name}/${i}`))
    for (const d of user.devices) {
      for (let k = 0; k < keyPackagesEach; k++) await d.newKeyPackage(now - 60n, now + 86_400n)
    }
    this.users.set(uri, user)
    return user
  }

  /** A further client of an existing user (a new device), with `keyPackages` KeyPackages. */
  async addDevice(user: PeerUser, keyPackages: number, now: bigint): Promise<Device> {
    const name = user.uri.split("/").at(-1) ?? ""
    const d = await Device.create(`mimi://${this.domain}/d/${name}/${user.devices.length + 1}`)
    for (let k = 0; k < keyPackages; k++) await d.newKeyPackage(now - 60n, now + 86_400n)
    user.devices.push(d)
    return d
  }

  reset(): void {
    this.deliveries.length = 0
    this.notifyBodies.length = 0
    this.fanouts.length = 0
    this.keyMaterialRequests.length = 0
  }

  /** The oracle's view of a client in a room, when it joined through a Welcome the suite verified. */
  shadow(device: string, room: string): MemberState | undefined {
    return this.shadows.get(`${device} ${room}`)?.state
  }

  /** Serves keyMaterial for the peer's users: one unclaimed KeyPackage per client, each used once. */
  keyMaterial(req: Incoming): Answer {
    this.keyMaterialRequests.push(req)
    const parsed = decodeKeyMaterialRequest(req.body)
    if (!parsed.ok) {
      return { status: 400, body: `malformed KeyMaterialRequest: ${parsed.error.code} at ${parsed.error.fieldPath}` }
    }
    const problems = checkKeyMaterialRequest(parsed.value, cipherSuite)
    if (problems.length > 0) return { status: 403, body: problems.map((x) => x.detail).join("; ") }
    const user = this.users.get(parsed.value.targetUser)
    const clients: ClientKeyMaterial[] = (user?.devices ?? []).map((d) => {
      const own = [...d.keyPackages.values()].find((k) => !this.claimed.has(hex(k.ref)))
      if (own === undefined) return { clientStatus: "keyMaterialExhausted", clientUri: d.uri }
      this.claimed.add(hex(own.ref))
      const kp = decodeKeyPackage(own.bytes)
      if (!kp.ok) throw new Error("own KeyPackage does not decode")
      return { clientStatus: "success", clientUri: d.uri, keyPackage: kp.value }
    })
    const served = clients.filter((c) => c.clientStatus === "success").length
    const userStatus = user === undefined ? "userUnknown" : served === clients.length && served > 0 ? "success"
      : served > 0 ? "partialSuccess" : "noCompatibleMaterial"
    const userUri = parsed.value.targetUser
    return { status: 200, body: encodeKeyMaterialResponse({ protocol: "mls10", userStatus, userUri, clients }) }
  }

  /** POST /notify/{roomId}: 201 for every well-formed body; a byte-identical copy is acknowledged and ignored. */
  async notify(req: Incoming, roomPath: string): Promise<Answer> {
    this.notifyBodies.push(req)
    const room = identifierFromPath(roomPath)
    const parsed = decodeNotifyBody(req.body)
    if (room === undefined || !parsed.ok) return { status: 400, body: "malformed notify" }
    if (this.seenBodies.has(req.sha256)) return { status: 201 }
    this.seenBodies.add(req.sha256)
    for (const m of parsed.value) await this.take(room, m)
    return { status: 201 }
  }

  private devicesIn(room: string): Device[] {
    return [...this.users.values()].flatMap((u) => u.devices).filter((d) => d.rooms.has(room))
  }

  private async take(room: string, m: FanoutMessage): Promise<void> {
    const bytes = encodeMlsMessage(m.message)
    const base = {
      room, kind: m.kind, timestamp: m.timestamp, messageId: sha256(bytes), bytes, epoch: epochOf(m.message),
    }
    this.fanouts.push({ room, kind: m.kind, messageId: base.messageId })
    if (m.kind === "welcome") return this.welcome(room, m, bytes, base)
    for (const d of this.devicesIn(room)) {
      if (d.sent.has(base.messageId)) continue
      const entry: Delivery = { ...base, order: this.deliveries.length, device: d.uri }
      this.deliveries.push(entry)
      const key = `${d.uri} ${room}`
      // A client that applied its own commit has moved past its shadow, which cannot follow it there.
      if (this.shadows.get(key)?.state.groupContext.epoch !== d.epoch(room)) this.shadows.delete(key)
      const shadow = this.shadows.get(key)
      if (shadow !== undefined) {
        if (m.kind === "proposal") shadow.proposals.push(bytes, ...m.moreProposals.map((p) => encodeMlsMessage(p)))
        else if (m.kind === "commit") {
          const next = processCommit(shadow.state, bytes, shadow.proposals)
          if (next.ok) this.shadows.set(key, { state: next.value, proposals: [], previous: shadow.state })
          else entry.error = `oracle: ${next.rule}: ${next.detail}`
        } else if (m.kind === "application") {
          const past = shadow.previous?.groupContext.epoch === base.epoch ? shadow.previous : undefined
          const opened = openMessage(past ?? shadow.state, bytes)
          const content = opened.ok ? opened.value.content : undefined
          if (content?.contentType === "application") entry.plaintext = content.applicationData
          else entry.error = opened.ok ? "oracle: not application content" : `oracle: ${opened.rule}: ${opened.detail}`
        }
      }
      try {
        const plain = await d.process(room, bytes)
        if (entry.plaintext === undefined && plain !== undefined && shadow === undefined) entry.plaintext = plain
      } catch (e) {
        entry.error ??= `client: ${(e as Error).message}`
        if (m.kind === "commit") d.leave(room)
      }
    }
  }

  private async welcome(
    room: string, m: WelcomeFanout, bytes: Uint8Array, base: Omit<Delivery, "order" | "device">,
  ): Promise<void> {
    if (m.message.wireFormat !== "mls_welcome" || m.ratchetTreeOption.representation !== "full") return
    const tree = encodeRatchetTree(m.ratchetTreeOption.ratchetTree)
    for (const secret of m.message.welcome.secrets) {
      for (const d of [...this.users.values()].flatMap((u) => u.devices)) {
        const own = d.ownsRef(secret.newMember)
        if (own === undefined) continue
        const entry: Delivery = { ...base, order: this.deliveries.length, device: d.uri }
        this.deliveries.push(entry)
        const joined = joinFromWelcome({
          keyPackage: own.bytes, initPrivateKey: own.privateKeys.initPrivateKey,
          encryptionPrivateKey: own.privateKeys.hpkePrivateKey, signaturePrivateKey: d.signaturePrivateKey,
          welcome: bytes, ratchetTree: tree,
        })
        if (joined.ok) {
          this.shadows.set(`${d.uri} ${room}`, { state: joined.value, proposals: [] })
          entry.epoch = joined.value.groupContext.epoch
        } else entry.error = `oracle: ${joined.rule}: ${joined.detail}`
        try {
          await d.join(room, bytes, own, tree)
        } catch (e) {
          entry.error ??= `client: ${(e as Error).message}`
        }
      }
    }
  }
}


function epochOf(m: MlsMessage): bigint {
  if (m.wireFormat === "mls_public_message") return m.publicMessage.content.epoch
  if (m.wireFormat === "mls_private_message") return m.privateMessage.epoch
  return -1n
}
