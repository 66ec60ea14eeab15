import { join } from "node:path"
import Database from "better-sqlite3"
import { createCommit, createGroupInfoWithExternalPub, encodeMlsMessage as encodeTsMessage } from "ts-mls"
import { encodeGroupInfo as encodeTsGroupInfo } from "ts-mls/groupInfo.js"
import { encodeRatchetTree as encodeTsTree } from "ts-mls/ratchetTree.js"
import { describe, expect, it } from "vitest"
import { decodeUpdateRoomResponse, encodeAbuseReport } from "../../harness/protocol/mimi/index.ts"
import {
  decodeGroupInfo, decodeMlsMessage, encodeKeyPackage, encodeMlsMessage,
} from "../../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { protectPublic } from "../../harness/protocol/mls/message/public.ts"
import { commitUpdateRequest } from "../../targets/mimi-http/device.ts"
import { faultCatalogue } from "../../targets/reference/index.ts"
import { loadState } from "../../targets/reference/local/clients.ts"
import { suite } from "../../targets/reference/mls/engine.ts"
import { peek, rawRequest } from "./helpers.ts"
import { claimFromFollower } from "./key-material-request.ts"
import {
  BOB, captureFollower, inboxKinds, lastCommitBundle, roomWithBob, sendUpdateAsFollower, submitCopyAs, type Room,
} from "./scenario.ts"

const u8 = (b: Buffer) => new Uint8Array(b)
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")
const ALICE = "mimi://hub.example/u/alice"

async function withRoom(faults: string[], fn: (r: Room) => Promise<void>): Promise<void> {
  const r = await roomWithBob(faults)
  try {
    await fn(r)
  } finally {
    await r.s.close()
  }
}

async function frankedMessageAtAlice(r: Room) {
  await r.s.follower.call("sendMessage", { client: r.bob1, room: r.room, text: "franked" })
  await r.s.settle()
  const { items } = await r.s.hub.call("received", { client: r.alice, room: r.room })
  const msg = items.find((i) => i.text === "franked")
  if (!msg?.frank || !msg.content) throw new Error("alice did not receive the franked message")
  return msg
}

const successes = (res: Awaited<ReturnType<typeof claimFromFollower>>) =>
  res.clients.flatMap((c) => (c.clientStatus === "success" ? [hex(encodeKeyPackage(c.keyPackage))] : []))

/**
 * bob1's commit for the room's current epoch (made from its stored state, not applied) as an UpdateRequest body:
 * as is, or with the first UpdatePath key flipped and the PublicMessage validly re-signed, so that only the
 * parent-hash chain of the path is wrong.
 */
async function bobCommit(r: Room, badPath: boolean): Promise<Uint8Array> {
  const db = new Database(join(r.s.dataDir, "follower.example", "store.sqlite"), { readonly: true })
  const state = (() => {
    try {
      return loadState(db, r.bob1, r.room)
    } finally {
      db.close()
    }
  })()
  if (!state) throw new Error("bob1 holds no state for the room")
  const cs = await suite()
  const out = await createCommit({ state, cipherSuite: cs }, { wireAsPublicMessage: true })
  const groupInfo = encodeTsGroupInfo(await createGroupInfoWithExternalPub(out.newState, [], cs))
  let commit = encodeTsMessage(out.commit)
  if (badPath) {
    const m = decodeMlsMessage(commit)
    const [hub] = await peek<{ group_info: Buffer }>(r.s, "hub", "SELECT group_info FROM rooms")
    const gi = decodeGroupInfo(new Uint8Array(hub!.group_info))
    const ocs = cipherSuite(1)
    if (!m.ok || m.value.wireFormat !== "mls_public_message" || !gi.ok || !ocs) {
      throw new Error("commit does not decode")
    }
    const { content, auth } = m.value.publicMessage
    if (content.contentType !== "commit" || !content.commit.path?.nodes[0]) throw new Error("commit without a path")
    const key = content.commit.path.nodes[0].encryptionKey
    key[0] = key[0]! ^ 0x01
    const view = { cs: ocs, groupContext: gi.value.groupContext, membershipKey: state.keySchedule.membershipKey,
      signatureKeyOf: () => undefined }
    // ts-mls holds the Ed25519 key as PKCS#8 DER; the raw seed is its last 32 bytes.
    const seed = state.signaturePrivateKey.subarray(state.signaturePrivateKey.length - 32)
    const pm = protectPublic(view, content, seed, auth.confirmationTag)
    if (!pm.ok) throw new Error(pm.detail)
    commit = encodeMlsMessage({ ...m.value, publicMessage: pm.value })
  }
  return commitUpdateRequest(commit, undefined, groupInfo, encodeTsTree(out.newState.ratchetTree))
}

async function postUpdate(r: Room, body: Uint8Array): Promise<string> {
  const res = await rawRequest(r.s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
    path: "/v1/update/hub.example/r/r", body })
  const parsed = decodeUpdateRoomResponse(res.body)
  if (!parsed.ok) throw new Error(`HTTP ${res.status}: ${res.text}`)
  return `${parsed.value.responseCode} ${parsed.value.errorDescription}`.trim()
}

describe("seeded faults: each breaks exactly its rule", () => {
  it("has a catalogue of unique ids, each naming the requirements it breaks", () => {
    expect(new Set(faultCatalogue.map((f) => f.id)).size).toBe(faultCatalogue.length)
    expect(faultCatalogue.length).toBe(13)
    for (const f of faultCatalogue) expect(f.requirements.length, f.id).toBeGreaterThan(0)
  })

  it("baseline: proposals reach followers before their commit; fan-out never names the sender", async () => {
    await withRoom([], async (r) => {
      const capture = await captureFollower(r)
      await r.s.hub.call("sendMessage", { client: r.alice, room: r.room, text: "hello" })
      await r.s.settle()
      await capture.close()
      expect(capture.requests).toHaveLength(1)
      const seen = JSON.stringify(capture.requests[0]!.headers) + capture.requests[0]!.body.toString("latin1")
      expect(seen).not.toContain(ALICE)
      await r.s.follower.call("leaveRoom", { client: r.bob1, room: r.room })
      await r.s.settle()
      await r.s.hub.call("commitPending", { client: r.alice, room: r.room })
      await r.s.settle()
      expect((await inboxKinds(r.s, "follower")).slice(-2)).toEqual(["proposal", "commit"])
      const kinds = (await r.s.follower.call("received", { client: r.bob2, room: r.room })).items.map((i) => i.kind)
      expect(kinds.slice(-2)).toEqual(["proposal", "removed"])
    })
  })

  it("baseline: a refused notify is retried after Retry-After, with the same bytes", async () => {
    await withRoom([], async (r) => {
      const capture = await captureFollower(r, { status: 503, retryAfter: "1" })
      await r.s.hub.call("sendMessage", { client: r.alice, room: r.room, text: "retry me" })
      await r.s.settle()
      await capture.close()
      const [first, second] = capture.requests
      expect(capture.requests).toHaveLength(2)
      expect(second!.body.equals(first!.body)).toBe(true)
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
    })
  })

  it("accept-two-commits-per-epoch: a commit for a past epoch is accepted", async () => {
    await withRoom(["accept-two-commits-per-epoch"], async (r) => {
      const { bundle } = await lastCommitBundle(r.s)
      expect((await sendUpdateAsFollower(r.s, "hub.example/r/r", bundle)).responseCode).toBe("success")
    })
  })

  it("key-package-reuse: the same KeyPackage is handed out twice", async () => {
    await withRoom(["key-package-reuse"], async (r) => {
      const carol = (await r.s.follower.call("createUser", { name: "carol" })).user
      await r.s.follower.call("createClient", { user: carol, device: "1", keyPackages: 1 })
      const first = successes(await claimFromFollower(r.s, carol, r.room))
      const second = successes(await claimFromFollower(r.s, carol, r.room))
      expect(first).toHaveLength(1)
      expect(second).toEqual(first)
    })
  })

  it("expired-key-package: an expired KeyPackage is returned", async () => {
    await withRoom(["expired-key-package"], async (r) => {
      const dave = (await r.s.follower.call("createUser", { name: "dave" })).user
      const { client } = await r.s.follower.call("createClient", { user: dave, device: "1", keyPackages: 0 })
      await r.s.follower.call("publishKeyPackages", { client, count: 1, expired: true })
      expect(successes(await claimFromFollower(r.s, dave, r.room))).toHaveLength(1)
    })
  })

  it("skip-from-check: a From the certificate does not authenticate is accepted", async () => {
    await withRoom(["skip-from-check"], async (r) => {
      const res = await rawRequest(r.s, { to: "hub", certDomain: "rogue.example", from: "mimi@follower.example",
        method: "GET", path: "/.well-known/mimi-protocol-directory" })
      expect(res.status).toBe(200)
    })
  })

  it("deliver-to-removed: a removed user's provider can still submit for it", async () => {
    await withRoom(["deliver-to-removed"], async (r) => {
      await r.s.hub.call("sendMessage", { client: r.alice, room: r.room, text: "before" })
      await r.s.hub.call("removeParticipant", { client: r.alice, room: r.room, user: BOB })
      await r.s.settle()
      expect(await submitCopyAs(r.s, "hub.example/r/r", BOB)).toBe("accepted")
    })
  })

  it("commit-before-proposals: the commit reaches followers before the proposals it references", async () => {
    await withRoom(["commit-before-proposals"], async (r) => {
      await r.s.follower.call("leaveRoom", { client: r.bob1, room: r.room })
      await r.s.settle()
      await r.s.hub.call("commitPending", { client: r.alice, room: r.room })
      await r.s.settle()
      // The three held proposals (participant list, two Removes) arrive after the commit.
      expect((await inboxKinds(r.s, "follower")).slice(-4)).toEqual(["commit", "proposal", "proposal", "proposal"])
    })
  })

  it("notify-not-idempotent: a byte-identical notify is processed again", async () => {
    await withRoom(["notify-not-idempotent"], async (r) => {
      await r.s.hub.call("sendMessage", { client: r.alice, room: r.room, text: "once" })
      await r.s.settle()
      const sql = "SELECT fanout FROM log WHERE kind = 'application' LIMIT 1"
      const [app] = await peek<{ fanout: Buffer }>(r.s, "hub", sql)
      const before = (await inboxKinds(r.s, "follower")).length
      const res = await rawRequest(r.s, { to: "follower", certDomain: "hub.example", from: "mimi@hub.example",
        path: "/v1/notify/hub.example/r/r", body: u8(app!.fanout) })
      expect(res.status).toBe(201)
      expect(await inboxKinds(r.s, "follower")).toHaveLength(before + 1)
    })
  })

  it("leak-sender-uri: the fan-out to followers names the sender", async () => {
    await withRoom(["leak-sender-uri"], async (r) => {
      const capture = await captureFollower(r)
      await r.s.hub.call("sendMessage", { client: r.alice, room: r.room, text: "hello" })
      await r.s.settle()
      await capture.close()
      expect(JSON.stringify(capture.requests.map((q) => q.headers))).toContain(ALICE)
    })
  })

  it("bad-frank-signature: receivers cannot verify the frank", async () => {
    await withRoom(["bad-frank-signature"], async (r) => {
      expect((await frankedMessageAtAlice(r)).frank?.verified).toBe(false)
    })
  })

  it("accept-forged-abuse-report: a frank that does not match the content is accepted (baseline: 400)", async () => {
    for (const [faults, expected] of [[[], 400], [["accept-forged-abuse-report"], 201]] as const) {
      await withRoom([...faults], async (r) => {
        const msg = await frankedMessageAtAlice(r)
        const content = Buffer.from(msg.content!, "hex")
        content[content.length - 1] = content.at(-1)! ^ 0x01
        const body = encodeAbuseReport({
          reportingUser: ALICE, allegedAbuserUri: BOB, reasonCode: 0, note: new Uint8Array(0), abuseExtensions: [],
          messages: [{ messageContent: content, acceptedTimestamp: BigInt(msg.timestamp!), frank: {
            serverFrank: Buffer.from(msg.frank!.serverFrank, "hex"), cipherSuite: msg.frank!.cipherSuite,
            signature: Buffer.from(msg.frank!.signature, "hex"),
          } }],
        })
        const res = await rawRequest(r.s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
          path: "/v1/reportAbuse/hub.example/r/r", body })
        expect(res.status, faults.join()).toBe(expected)
      })
    }
  })

  it("open-download-proxy: a URL outside the peers' asset domains is fetched (baseline: 403)", async () => {
    for (const [faults, refused] of [[[], true], [["open-download-proxy"], false]] as const) {
      await withRoom([...faults], async (r) => {
        const url = encodeURIComponent("https://elsewhere.invalid/assets/0123456789abcdef01234567")
        const res = await rawRequest(r.s, { to: "hub", certDomain: "follower.example", from: "mimi@follower.example",
          method: "GET", path: `/v1/proxyDownload/${url}` })
        expect(res.status === 403, faults.join()).toBe(refused)
      })
    }
  })

  it("skip-commit-validation: a commit whose UpdatePath breaks the parent-hash chain is accepted (baseline: refused)",
    async () => {
      await withRoom([], async (r) => {
        const refused = await postUpdate(r, await bobCommit(r, true))
        expect(refused).toMatch(/^notAllowed .*mls\.tree-kem\.parent-hash-valid/)
        expect(await postUpdate(r, await bobCommit(r, false))).toBe("success")
      })
      await withRoom(["skip-commit-validation"], async (r) => {
        expect(await postUpdate(r, await bobCommit(r, true))).toBe("success")
      })
    })
})
