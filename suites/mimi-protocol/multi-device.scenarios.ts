/**
 * Multi-device (-06 §5.6, §7.5): a user's new device joins by groupInfo and an external commit (the
 * GroupInfo encrypted to the requester and signed by the hub; a stranger is notAuthorized); a sibling
 * device is added by Add; every device of the user decrypts the same messages; removing one device
 * keeps the others.
 */
import { randomBytes } from "node:crypto"
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue, valueEqual } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import {
  decodeGroupInfoResponse, decodeKeyMaterialResponse, encodeGroupInfoRequest, openGroupInfoResponse,
  signGroupInfoRequest,
} from "../../harness/protocol/mimi/index.ts"
import { decodeExtensionBody } from "../../harness/protocol/mls/codec/extension-bodies.ts"
import { encodeGroupInfo } from "../../harness/protocol/mls/codec/group-info.ts"
import { encodeKeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import { encodeRatchetTree } from "../../harness/protocol/mls/codec/ratchet-tree.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { MemberState } from "../../harness/protocol/mls/passive/state.ts"
import type { Device } from "../../targets/mimi-http/device.ts"
import { provider } from "./fixtures.ts"
import {
  hex, memberClients, notJoined, participantList, roomWithPeerUser, sameDecrypted, settle, shadowOf, updateCode,
  type Room,
} from "./rooms.ts"
import { checkNoTraps, keyMaterialRequest } from "./support.ts"

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 60_000 }
const GI_RULES = [
  "mimi.group-info.signed-by-hub", "mimi.group-info.encrypted-to-requester", "mimi.group-info.tree-not-embedded",
] as const
const JOIN = "mimi.multi-device.external-join"
const ALL = "mimi.multi-device.all-clients-receive"

const cs1 = () => {
  const cs = cipherSuite(1)
  if (cs === undefined) throw new Error("cipher suite 1 is not available")
  return cs
}

/** The signature keys of the group's external_senders (where the hub's key must be, -06 §7.4). */
function hubKeys(s: MemberState): Uint8Array[] {
  for (const e of s.groupContext.extensions) {
    const b = decodeExtensionBody(e)
    if (b.ok && b.value.type === "external_senders") return b.value.externalSenders.map((x) => x.signatureKey)
  }
  return []
}

/** A signed GroupInfoRequest of `d` with a fresh HPKE key; returns the body and the private key. */
function groupInfoRequest(d: Device): { body: Uint8Array; priv: Uint8Array } {
  const cs = cs1()
  const priv = new Uint8Array(randomBytes(32))
  const pub = cs.hpkePublicKey(priv)
  if (pub === undefined) throw new Error("HPKE key derivation failed")
  const credential = { credentialType: 1, identity: new TextEncoder().encode(d.uri) } as const
  const tbs = {
    protocol: "mls10" as const, cipherSuite: 1, requestingSignatureKey: d.signaturePublicKey,
    requestingCredential: credential, groupInfoPublicKey: pub,
  }
  return { body: encodeGroupInfoRequest(signGroupInfoRequest(cs, d.signaturePrivateKey, tbs)), priv }
}

/** The target's user sends a message; returns what each given device decrypted (hex), or why not. */
async function broadcast(r: Room, check: CheckFn, devices: Device[], text: string): Promise<string[]> {
  const id = ALL
  const before = r.p.peer.users.deliveries.length
  check.ok(id, await r.p.drive("sendMessage", { client: r.ownerClient, room: r.room, text }))
  await settle(r.p, check, id)
  const apps = r.p.peer.users.deliveries.slice(before).filter((x) => x.kind === "application")
  return devices.map((d) => {
    const got = apps.find((a) => a.device === d.uri)
    return got?.plaintext ? hex(got.plaintext) : got?.error ?? "nothing"
  })
}

scenario("a user's new device joins by groupInfo and external commit; a stranger's request is not authorized", {
  ...base, id: "mimi.multi-device.external-join",
  requirements: [...GI_RULES, "mimi.multi-device.external-join", "mimi.multi-device.same-user-identity",
    "mimi.multi-device.all-clients-receive", "mimi.group-info.not-authorized", "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, check, 1, JOIN)
  const a = r.peerUser.devices[0]
  const sa = a && shadowOf(r, a)
  if (!a || !sa) return notJoined(check, JOIN)
  // 1. The new device asks the hub for the GroupInfo, with a fresh HPKE key.
  const n = await p.peer.users.addDevice(r.peerUser, 0, p.nowSeconds)
  const ask = groupInfoRequest(n)
  const reply = check.ok(GI_RULES[0], await p.peer.post("groupInfo", r.room, ask.body, { signal: p.signal }))
  const res = reply.status === 200 ? decodeGroupInfoResponse(reply.body) : undefined
  if (!res?.ok) {
    const actual = res ? res.error.code : `HTTP ${reply.status}`
    return check.fatal(GI_RULES[0], { ok: false, expected: "200 with a GroupInfoResponse", actual })
  }
  // 2. Signed by a key of the group's external_senders and decryptable only with the requester's key. When the
  //    signer is not in external_senders that is recorded, and the rest is judged under the key the hub named.
  const strict = openGroupInfoResponse(cs1(), ask.priv, res.value, hubKeys(sa))
  const untrusted = !strict.ok && strict.rule === GI_RULES[0]
  const named = res.value.status === "success" ? [res.value.hubSender.signatureKey] : []
  const opened = untrusted ? openGroupInfoResponse(cs1(), ask.priv, res.value, named) : strict
  check(GI_RULES[0], isTrue(!untrusted, "signed by a hub key in the group's external_senders",
    untrusted ? strict.detail : "verified"))
  for (const rule of GI_RULES) {
    const bad = !opened.ok && opened.rule === rule
    check(rule, isTrue(!bad, "holds", bad ? opened.detail : "holds"))
  }
  if (!opened.ok || opened.value.ratchetTreeOption.representation !== "full") {
    const actual = opened.ok ? opened.value.ratchetTreeOption.representation : opened.detail
    return check.fatal(JOIN, { ok: false, expected: "a GroupInfo and a full ratchet tree", actual })
  }
  // 3. The external commit is accepted and the existing device follows it.
  const tree = encodeRatchetTree(opened.value.ratchetTreeOption.ratchetTree)
  const ext = await n.externalCommit(encodeGroupInfo(opened.value.groupInfo), tree)
  check.fatal(JOIN, valueEqual(await updateCode(r, check, JOIN, ext.body), "success"))
  n.adopt(r.room, ext.newState)
  await settle(p, check, JOIN)
  const after = shadowOf(r, a)
  const members = after ? [...memberClients(after).values()] : []
  check(JOIN, isTrue(members.includes(n.uri), `${n.uri} a member in the oracle's next epoch`, members.join(", ")))
  const list = after ? participantList(after) : "no state"
  const once = typeof list !== "string" && list.filter((x) => x.user === r.peerUser.uri).length === 1
  check("mimi.multi-device.same-user-identity", isTrue(once, `${r.peerUser.uri} listed once for both devices`,
    typeof list === "string" ? list : list.map((x) => x.user).join(", ")))
  // 4. Both devices decrypt the next message.
  check(ALL, sameDecrypted(await broadcast(r, check, [a, n], "to both devices")))
  // 5. A user who is not a participant gets notAuthorized.
  const stranger = (await p.peer.users.addUser(p.unique("eve"), 1, 0, p.nowSeconds)).devices[0]!
  const strangerAsk = groupInfoRequest(stranger).body
  const denied = check.ok("mimi.group-info.not-authorized",
    await p.peer.post("groupInfo", r.room, strangerAsk, { signal: p.signal }))
  const dres = denied.status === 200 ? decodeGroupInfoResponse(denied.body) : undefined
  const status = dres?.ok ? dres.value.status : `HTTP ${denied.status}`
  check("mimi.group-info.not-authorized", valueEqual(status, "notAuthorized"))
  checkNoTraps(check, p.peer)
})

scenario("a sibling device added by Add receives the room, and removing it keeps the others", {
  ...base, id: "mimi.multi-device.sibling",
  requirements: ["mimi.fanout.welcome-to-key-package-owners", "mls.welcome.join-succeeds",
    "mimi.multi-device.all-clients-receive", "mimi.peer.no-unexpected-calls"],
}, async (ctx) => {
  const { check } = ctx
  const id = "mimi.fanout.welcome-to-key-package-owners"
  const p = await provider(ctx, { listen: true })
  const r = await roomWithPeerUser(p, check, 2, id)
  const [a, b] = r.peerUser.devices
  if (!a || !b || !shadowOf(r, b)) return notJoined(check, id)
  // 1. A third device; its KeyPackage is claimed through the hub so the hub can route the Welcome.
  const e = await p.peer.users.addDevice(r.peerUser, 2, p.nowSeconds)
  const user = r.peerUser.uri
  const body = keyMaterialRequest({ requester: a, requestingUser: user, targetUser: user, roomId: r.room })
  const km = check.ok(id, await p.peer.post("keyMaterial", r.peerUser.uri, body, { signal: p.signal }))
  const claimed = km.status === 200 ? decodeKeyMaterialResponse(km.body) : undefined
  const ofE = claimed?.ok ? claimed.value.clients.find((c) => c.clientUri === e.uri) : undefined
  const served = ofE?.clientStatus === "success" ? hex(encodeKeyPackage(ofE.keyPackage)) : undefined
  const own = [...e.keyPackages.values()].find((k) => hex(k.bytes) === served)
  if (own === undefined) {
    const actual = km.status === 200 ? "not in the response" : `HTTP ${km.status}`
    return check.fatal(id, { ok: false, expected: `a KeyPackage of ${e.uri} via the hub`, actual })
  }
  // 2. A sibling adds it; the Welcome goes to the peer and the new device joins.
  const add = await a.commit(r.room, [{ proposalType: "add", add: { keyPackage: own.keyPackage } }])
  check.fatal(id, valueEqual(await updateCode(r, check, id, add.body), "success"))
  a.adopt(r.room, add.newState)
  await settle(p, check, id)
  const w = p.peer.users.deliveries.filter((x) => x.kind === "welcome" && x.device === e.uri)
  check(id, valueEqual(w.length, 1, "one Welcome for the added device"))
  check("mls.welcome.join-succeeds", isTrue(shadowOf(r, e) !== undefined, `${e.uri} joined`, w[0]?.error ?? "joined"))
  // 3. The devices read the next message.
  check(ALL, sameDecrypted(await broadcast(r, check, [b, e], "to all devices")))
  // 4. Removing the added device keeps the others receiving.
  const leaf = [...memberClients(shadowOf(r, b)!)].find(([, uri]) => uri === e.uri)?.[0] ?? -1
  const rm = await a.commit(r.room, [{ proposalType: "remove", remove: { removed: leaf } }])
  check.fatal(ALL, valueEqual(await updateCode(r, check, ALL, rm.body), "success"))
  a.adopt(r.room, rm.newState)
  check(ALL, sameDecrypted(await broadcast(r, check, [b], "after removing one device")))
  checkNoTraps(check, p.peer)
})
