/**
 * Key establishment through keyMaterial (-06 §5.2): the suite's peer claims KeyPackages for a user
 * of the target and judges the response with its own oracle — one valid, unexpired KeyPackage per
 * client, never the same one twice, the draft's status codes, and a verified request signature.
 */
import { afterAll } from "vitest"
import type { CheckFn } from "../../harness/engine/check.ts"
import { isTrue } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import {
  checkKeyMaterialResponse, checkKeyPackagesDistinct, keyMaterialResponseCodec, type KeyMaterialResponse,
  type KeyMaterialRule,
} from "../../harness/protocol/mimi/index.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { RequirementId } from "../../harness/requirements/index.ts"
import { closeProvider, provider, type Provider } from "./fixtures.ts"
import {
  decodeReply, describeFailure, keyMaterialProblemsByRule, keyMaterialRequest, keyMaterialTbs, keyPackageProblems,
  type KeyMaterialAsk,
} from "./support.ts"

afterAll(closeProvider)

const base = { profile: "mimi-protocol" as const, requires: ["mimi.role.hub"], timeoutMs: 30_000 }

interface Setup { p: Provider; user: string; clients: string[]; ask: Omit<KeyMaterialAsk, "forge"> }

/** A target user with two clients (and, when asked, expired KeyPackages too), a room, and a peer requester. */
async function setup(p: Provider, check: CheckFn, expired: boolean): Promise<Setup> {
  const id: RequirementId = "mimi.key-material.one-per-client"
  const { user } = check.ok(id, await p.drive("createUser", { name: p.unique("bob") }))
  const clients: string[] = []
  for (const device of ["phone", "laptop"]) {
    const { client } = check.ok(id, await p.drive("createClient", { user, device, keyPackages: 3 }))
    if (expired) check.ok(id, await p.drive("publishKeyPackages", { client, count: 2, expired: true }))
    clients.push(client)
  }
  const { user: owner } = check.ok(id, await p.drive("createUser", { name: p.unique("alice") }))
  const { client: ownerClient } = check.ok(id, await p.drive("createClient", { user: owner, device: "phone" }))
  const { room } = check.ok(id, await p.drive("createRoom", { client: ownerClient, name: p.unique("keys") }))
  const asker = await p.peer.users.addUser(p.unique("carol"), 1, 0, p.nowSeconds)
  check.ok(id, await p.peer.discover(p.signal))
  const ask = { requester: asker.devices[0]!, requestingUser: asker.uri, targetUser: user, roomId: room }
  return { p, user, clients, ask }
}

async function claim(
  s: Setup, check: CheckFn, id: RequirementId, extra: Partial<KeyMaterialAsk> = {},
): Promise<KeyMaterialResponse | undefined> {
  const body = keyMaterialRequest({ ...s.ask, ...extra })
  const reply = check.ok(id, await s.p.peer.post("keyMaterial", s.user, body, { signal: s.p.signal }))
  const res = decodeReply(keyMaterialResponseCodec, reply)
  if (res.ok) return res.value
  check.fatal(id, { ok: false, expected: "200 with a KeyMaterialResponse", actual: describeFailure(res) })
  return undefined
}

function checkRules(check: CheckFn, found: Map<KeyMaterialRule, string[]>, rules: KeyMaterialRule[]): void {
  for (const rule of rules) {
    const problems = found.get(rule) ?? []
    check(rule, isTrue(problems.length === 0, "no violation", problems.length === 0 ? "none" : problems.join("; ")))
  }
}

scenario("keyMaterial returns one valid, unexpired KeyPackage for every client of the user", {
  ...base, id: "mimi.key-material.claim",
  requirements: ["mimi.key-material.one-per-client", "mimi.key-material.key-package-valid",
    "mimi.key-material.not-expired", "mimi.key-material.user-code-consistent", "mimi.key-material.response-names-user",
    "mimi.key-material.ciphersuite-negotiated"],
}, async (ctx) => {
  const p = await provider(ctx)
  // 1. A user with two clients, each also holding expired KeyPackages that must never be handed out.
  const s = await setup(p, ctx.check, true)
  // 2. Claim once through the hub.
  const res = await claim(s, ctx.check, "mimi.key-material.one-per-client")
  if (res === undefined) return
  // 3. Judge the response with the oracle.
  const found = keyMaterialProblemsByRule(checkKeyMaterialResponse(keyMaterialTbs(s.ask), res, p.nowSeconds))
  const listed = res.clients.map((c) => c.clientUri).sort()
  ctx.check("mimi.key-material.one-per-client", isTrue(listed.join(" ") === [...s.clients].sort().join(" ") &&
    res.clients.every((c) => c.clientStatus === "success"), `a KeyPackage for each of ${s.clients.join(", ")}`,
  res.clients.map((c) => `${c.clientUri}: ${c.clientStatus}`).join(", ")))
  checkRules(ctx.check, found, ["mimi.key-material.one-per-client", "mimi.key-material.not-expired",
    "mimi.key-material.user-code-consistent", "mimi.key-material.response-names-user",
    "mimi.key-material.ciphersuite-negotiated"])
  const invalid = res.clients.flatMap((c) => c.clientStatus === "success"
    ? keyPackageProblems(c.keyPackage, p.nowSeconds).map((x) => `${c.clientUri}: ${x}`) : [])
  const validity = invalid.length === 0 ? `${res.clients.length} valid` : invalid.join("; ")
  ctx.check("mimi.key-material.key-package-valid",
    isTrue(invalid.length === 0, "every KeyPackage valid (RFC 9420 §10.1)", validity))
})

scenario("two claims never return the same KeyPackage", {
  ...base, id: "mimi.key-material.single-use", requirements: ["mimi.key-material.single-use"],
}, async (ctx) => {
  const p = await provider(ctx)
  const s = await setup(p, ctx.check, false)
  // 1. Claim twice; each client holds three KeyPackages, so both claims can be served.
  const first = await claim(s, ctx.check, "mimi.key-material.single-use")
  const second = await claim(s, ctx.check, "mimi.key-material.single-use")
  if (first === undefined || second === undefined) return
  // 2. Every KeyPackageRef appears once over both responses.
  const served = [first, second].flatMap((r) => r.clients.filter((c) => c.clientStatus === "success")).length
  const dup = checkKeyPackagesDistinct([first, second], cipherSuite).map((f) => f.detail)
  const distinct = dup.length === 0 ? `${served} distinct` : dup.join("; ")
  ctx.check("mimi.key-material.single-use",
    isTrue(dup.length === 0 && served > 0, "distinct KeyPackageRefs over both claims", distinct))
})

scenario("a claim that no KeyPackage can satisfy gets noCompatibleMaterial", {
  ...base, id: "mimi.key-material.no-compatible",
  requirements: ["mimi.key-material.no-compatible-material", "mimi.key-material.ciphersuite-negotiated"],
}, async (ctx) => {
  const p = await provider(ctx)
  const s = await setup(p, ctx.check, false)
  // 1. Require an extension type no client advertises (a GREASE-like private value).
  const res = await claim(s, ctx.check, "mimi.key-material.no-compatible-material", { requiredExtensions: [0xff0a] })
  if (res === undefined) return
  const served = res.clients.filter((c) => c.clientStatus === "success")
  ctx.check("mimi.key-material.ciphersuite-negotiated", isTrue(served.length === 0, "no KeyPackage handed out",
    `${served.length} KeyPackage(s)`))
  const status = res.userStatus
  const none = status === "noCompatibleMaterial" || status === "noConsent"
  ctx.check("mimi.key-material.no-compatible-material",
    isTrue(none, "noCompatibleMaterial (or the noConsent catch-all)", status))
})

scenario("a keyMaterial request whose signature does not verify is refused", {
  ...base, id: "mimi.key-material.forged-signature", requirements: ["mimi.key-material.request-signature-verified"],
}, async (ctx) => {
  const p = await provider(ctx)
  const s = await setup(p, ctx.check, false)
  const id = "mimi.key-material.request-signature-verified"
  // 1. Sign with a key other than requesterSignatureKey.
  const body = keyMaterialRequest({ ...s.ask, forge: new Uint8Array(32).fill(7) })
  const reply = ctx.check.ok(id, await p.peer.post("keyMaterial", s.user, body, { signal: p.signal }))
  // 2. Refused outright, or answered without any KeyPackage.
  const res = decodeReply(keyMaterialResponseCodec, reply)
  const handed = res.ok ? res.value.clients.filter((c) => c.clientStatus === "success").length : 0
  const answer = res.ok ? `${handed} KeyPackage(s), ${res.value.userStatus}` : describeFailure(res)
  ctx.check(id, isTrue(handed === 0, "no KeyPackage for a forged request", answer))
})
