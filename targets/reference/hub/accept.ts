import type { Proposal } from "ts-mls"
import { encodeFanoutMessage } from "../../../harness/protocol/mimi/index.ts"
import type { MlsMessage } from "../../../harness/protocol/mls/codec/index.ts"
import type { ProviderContext } from "../context.ts"
import { domainOf } from "../uris.ts"
import { strictMessage, strictTree } from "../wire/mls.ts"
import type { CommitPlan } from "./commit-check.ts"
import { enqueue, fanoutDomains, type HubRoom } from "./state.ts"

/** A proposal accepted into the current epoch's cache. */
export interface Pending { ref: Uint8Array; proposal: Proposal; raw: Uint8Array; ts: bigint }

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** Welcome goes only to the providers owning its KeyPackageRefs (-06 §5.6). */
export function welcomeRoutes(ctx: ProviderContext, plan: CommitPlan): Set<string> | string {
  const out = new Set<string>()
  for (const ref of plan.welcome?.refs ?? []) {
    const route = ctx.db.prepare("SELECT domain FROM kp_routes WHERE ref = ?").get(ref) as
      | { domain: string } | undefined
    const local = ctx.db.prepare("SELECT 1 FROM key_packages WHERE ref = ?").get(ref)
    const domain = route?.domain ?? (local ? ctx.domain : undefined)
    if (!domain) return `Welcome names a KeyPackageRef ${hex(ref)} that was not claimed through this hub`
    out.add(domain)
  }
  return out
}

/** A Welcome struct framed as the MLSMessage a FanoutMessage carries (mls10, mls_welcome). */
const welcomeMessage = (raw: Uint8Array): MlsMessage => strictMessage(new Uint8Array([0, 1, 0, 3, ...raw]))

/**
 * Applies an accepted commit in one transaction: the room's epoch, GroupInfo and tree, the
 * participant list, the membership, the cleared proposal cache, and the fan-out of the commit (to
 * every provider with members before or after it) and of the Welcome (to the KeyPackage owners).
 */
export function acceptCommit(
  ctx: ProviderContext, room: HubRoom, message: MlsMessage, plan: CommitPlan, routes: Set<string>, pending: Pending[],
): bigint {
  const db = ctx.db
  const ts = ctx.now()
  db.transaction(() => {
    const before = fanoutDomains(db, room.id)
    db.prepare("UPDATE rooms SET epoch = epoch + 1, group_info = ?, tree = ? WHERE id = ?")
      .run(plan.newGroupInfo, plan.newTree, room.id)
    const removeUser = db.prepare("UPDATE participants SET state = 'removed' WHERE room_id = ? AND user_uri = ?")
    for (const u of plan.removedUsers) removeUser.run(room.id, u)
    const addUser = db.prepare("INSERT INTO participants (room_id, user_uri, role, state) VALUES (?, ?, ?, 'active') " +
      "ON CONFLICT (room_id, user_uri) DO UPDATE SET role = excluded.role, state = 'active'")
    for (const p of plan.addedUsers) addUser.run(room.id, p.user, p.role)
    // A role change out of the banned role lifts the ban; one into it bans the user below.
    const setRole = db.prepare("UPDATE participants SET role = ?, state = 'active' WHERE room_id = ? AND user_uri = ?")
    for (const p of plan.roleChanges) setRole.run(p.role, room.id, p.user)
    const banUser = db.prepare("UPDATE participants SET state = 'banned' WHERE room_id = ? AND user_uri = ?")
    for (const u of plan.bannedUsers) banUser.run(room.id, u)
    db.prepare("DELETE FROM members WHERE room_id = ?").run(room.id)
    const addMember = db.prepare("INSERT INTO members (room_id, leaf, client_uri) VALUES (?, ?, ?)")
    for (const [leaf, client] of plan.newMembers) addMember.run(room.id, leaf, client)
    db.prepare("DELETE FROM pending_proposals WHERE room_id = ?").run(room.id)
    const to = new Set([...before, ...fanoutDomains(db, room.id)])
    // Removed clients should see the commit that removes them (-06 §5.6).
    for (const u of [...plan.removedUsers, ...plan.bannedUsers]) to.add(domainOf(u) ?? ctx.domain)
    const fanout = encodeFanoutMessage({ timestamp: ts, kind: "commit", message, externalProposals: [] })
    enqueue(db, { room: room.id, kind: "commit", epoch: room.epoch, ts, fanout }, to)
    if (ctx.faults.has("commit-before-proposals")) {
      // Seeded fault: the proposals held back from other providers follow their commit.
      const remote = [...to].filter((d) => d !== ctx.domain)
      for (const p of pending) {
        const message = strictMessage(p.raw)
        const fan = encodeFanoutMessage({ timestamp: p.ts, kind: "proposal", message, moreProposals: [] })
        enqueue(db, { room: room.id, kind: "proposal", epoch: room.epoch, ts: p.ts, fanout: fan }, remote)
      }
    }
    if (plan.welcome) {
      const fan = encodeFanoutMessage({
        timestamp: ts, kind: "welcome", message: welcomeMessage(plan.welcome.raw),
        ratchetTreeOption: { representation: "full", ratchetTree: strictTree(plan.newTree) },
      })
      enqueue(db, { room: room.id, kind: "welcome", epoch: room.epoch + 1n, ts, fanout: fan }, routes)
      for (const ref of plan.welcome.refs) db.prepare("DELETE FROM kp_routes WHERE ref = ?").run(ref)
    }
  })()
  ctx.kick()
  return ts
}
