/**
 * Transport security and discovery (-06 §4.1, §5.1): the target is found through its directory over
 * a certificate that authenticates its domain, and refuses requests that are not mutually
 * authenticated or whose From, Host or body is wrong.
 *
 * Every refusal test sends a request that the target answers 200 when it comes in properly (a
 * keyMaterial claim for an unknown user), so a target that refuses everything cannot pass.
 */
import { afterAll } from "vitest"
import { isTrue } from "../../harness/engine/finding.ts"
import { scenario } from "../../harness/engine/scenario.ts"
import { keyMaterialResponseCodec } from "../../harness/protocol/mimi/key-material.ts"
import { MimiClient } from "../../targets/mimi-http/client.ts"
import { selfSignedIdentity } from "../../targets/mimi-http/self-signed.ts"
import { closeProvider, provider, type Provider } from "./fixtures.ts"
import { decodeReply, describeFailure, keyMaterialRequest, refused } from "./support.ts"

afterAll(closeProvider)

const base = { profile: "mimi-protocol" as const, timeoutMs: 30_000 }
const UNKNOWN = "mimi.key-material.user-unknown"

/** A well-formed, signed claim for a user the target does not have. */
async function unknownUserClaim(p: Provider): Promise<{ url: string; body: Uint8Array; user: string }> {
  const asker = await p.peer.users.addUser(p.unique("requester"), 1, 0, p.nowSeconds)
  const target = p.peer.targetDomain
  const user = `mimi://${target}/u/${p.unique("nobody")}`
  const body = keyMaterialRequest({
    requester: asker.devices[0]!, requestingUser: asker.uri, targetUser: user, roomId: `mimi://${target}/r/none`,
  })
  return { url: p.peer.url("keyMaterial", user), body, user }
}

async function discovered(p: Provider, check: Parameters<Parameters<typeof scenario>[2]>[0]["check"]): Promise<void> {
  const got = check.ok("mimi.transport.directory-discovery", await p.peer.discover(p.signal))
  check.fatal("mimi.transport.directory-discovery", isTrue(got.directory !== undefined,
    "a directory with every endpoint as an https URL template", got.problem ?? "valid"))
}

scenario("the target publishes its endpoints in a valid directory, over a certificate for its domain", {
  ...base, id: "mimi.transport.directory",
  requirements: ["mimi.transport.directory-discovery", "mimi.transport.certificate-authenticates-domain"],
}, async (ctx) => {
  const p = await provider(ctx)
  // 1. GET the directory; the TLS client accepts only a certificate that authenticates the target's domain.
  const got = await p.peer.discover(p.signal)
  if (!got.ok && /ALTNAME|CERT|certificate/i.test(got.detail)) {
    ctx.check.fatal("mimi.transport.certificate-authenticates-domain",
      { ok: false, expected: `a certificate that authenticates ${p.peer.targetDomain}`, actual: got.detail })
  }
  const value = ctx.check.ok("mimi.transport.directory-discovery", got)
  const verified = `TLS with ${p.peer.targetDomain} verified`
  ctx.check("mimi.transport.certificate-authenticates-domain", { ok: true, actual: verified })
  // 2. Every endpoint is a template with its variable.
  ctx.check("mimi.transport.directory-discovery", isTrue(value.directory !== undefined,
    "a directory with every endpoint as an https URL template", value.problem ?? "valid"))
})

scenario("a properly authenticated claim for an unknown user is answered userUnknown or noConsent", {
  ...base, id: "mimi.transport.control",
  requirements: ["mimi.key-material.user-unknown", "mimi.key-material.clients-empty-on-failure"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  const reply = ctx.check.ok(UNKNOWN, await p.peer.client.post(claim.url, claim.body, { signal: p.signal }))
  const res = decodeReply(keyMaterialResponseCodec, reply)
  if (!res.ok) {
    ctx.check.fatal(UNKNOWN, { ok: false, expected: "200 with a KeyMaterialResponse", actual: describeFailure(res) })
    return
  }
  const code = res.value.userStatus
  ctx.check(UNKNOWN, isTrue(code === "userUnknown" || code === "noConsent", "userUnknown or noConsent", code))
  ctx.check("mimi.key-material.clients-empty-on-failure",
    isTrue(res.value.clients.length === 0, "no clients listed", `${res.value.clients.length} client(s)`))
})

scenario("a request without a client certificate is refused", {
  ...base, id: "mimi.transport.no-client-certificate", requirements: ["mimi.transport.mutual-tls"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  // With TLS 1.3 the server's refusal of a missing certificate arrives after the handshake: a socket error.
  const got = await p.peer.client.post(claim.url, claim.body, { signal: p.signal, anonymous: true })
  if (!got.ok && got.kind === "timeout") ctx.check.ok("mimi.transport.mutual-tls", got)
  ctx.check("mimi.transport.mutual-tls", refused(got, "a request without a client certificate"))
})

scenario("a client certificate for the suite's domain that no trusted CA issued is refused", {
  ...base, id: "mimi.transport.untrusted-certificate",
  requirements: ["mimi.transport.certificate-authenticates-domain"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  // The same domain and From, but a self-signed certificate: the domain is claimed, not proven.
  const forged = new MimiClient({
    selfDomain: p.peer.domain, targetDomain: p.peer.targetDomain,
    origin: new URL(p.peer.opts.target.directoryUrl).origin,
    tls: { ca: p.peer.opts.tls.ca, ...(await selfSignedIdentity(p.peer.domain)) }, requestTimeoutMs: p.requestTimeoutMs,
    transcript: p.peer.transcript,
  })
  try {
    const got = await forged.post(claim.url, claim.body, { signal: p.signal })
    if (!got.ok && got.kind === "timeout") ctx.check.ok("mimi.transport.certificate-authenticates-domain", got)
    ctx.check("mimi.transport.certificate-authenticates-domain", refused(got, "a self-signed client certificate"))
  } finally {
    await forged.close()
  }
})

scenario("a From header that the client certificate does not authenticate is refused", {
  ...base, id: "mimi.transport.from-mismatch", requirements: ["mimi.transport.from-matches-certificate"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  const got = ctx.check.ok("mimi.transport.from-matches-certificate",
    await p.peer.client.post(claim.url, claim.body, { signal: p.signal, fromDomain: `not-${p.peer.domain}` }))
  const from = `From: mimi@not-${p.peer.domain}`
  ctx.check("mimi.transport.from-matches-certificate", refused({ ok: true, value: got }, from))
})

scenario("a request without a From header is refused", {
  ...base, id: "mimi.transport.no-from", requirements: ["mimi.transport.from-header"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  const sent = await p.peer.client.post(claim.url, claim.body, { signal: p.signal, noFrom: true })
  const got = ctx.check.ok("mimi.transport.from-header", sent)
  ctx.check("mimi.transport.from-header", refused({ ok: true, value: got }, "a request without From"))
})

scenario("a request whose Host names another provider is refused", {
  ...base, id: "mimi.transport.wrong-host", requirements: ["mimi.transport.host-header"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  const host = `elsewhere.${p.peer.targetDomain}`
  const sent = await p.peer.client.post(claim.url, claim.body, { signal: p.signal, host })
  const got = ctx.check.ok("mimi.transport.host-header", sent)
  ctx.check("mimi.transport.host-header", refused({ ok: true, value: got }, `Host: ${host}`))
})

scenario("a body that does not decode as the endpoint's struct is refused", {
  ...base, id: "mimi.transport.malformed-body", requirements: ["mimi.transport.malformed-refused"],
}, async (ctx) => {
  const p = await provider(ctx)
  await discovered(p, ctx.check)
  const claim = await unknownUserClaim(p)
  const truncated = claim.body.subarray(0, claim.body.length - 7)
  const sent = await p.peer.client.post(claim.url, truncated, { signal: p.signal })
  const got = ctx.check.ok("mimi.transport.malformed-refused", sent)
  ctx.check("mimi.transport.malformed-refused", refused({ ok: true, value: got }, "a truncated KeyMaterialRequest"))
})
