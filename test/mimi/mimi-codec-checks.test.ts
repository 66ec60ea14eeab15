import { describe, expect, it } from "vitest"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import { expandTemplate, identifierFromPath, parseDirectory } from "../../harness/protocol/mimi/directory.ts"
import type { KeyMaterialRequest, KeyMaterialResponse } from "../../harness/protocol/mimi/key-material.ts"
import {
  checkKeyMaterialRequest, checkKeyMaterialResponse, checkKeyPackagesDistinct, signKeyMaterialRequest,
} from "../../harness/protocol/mimi/key-material-check.ts"
import { welcomeKeyPackageRefs } from "../../harness/protocol/mimi/fanout.ts"
import { checkProxyDownload } from "../../harness/protocol/mimi/proxy-download.ts"
import { applyParticipantListUpdates } from "../../harness/protocol/mimi/room-state.ts"
import { basic, commitMessage, keyPackage, welcome, welcomeMessage } from "./mimi-codec-fixtures.ts"

const cs1 = cipherSuite(1)!
const suites = (id: number) => cipherSuite(id)
const rules = (findings: readonly { rule: string }[]) => findings.map((f) => f.rule)

const B1 = "mimi://b.example/d/B1"

const DIRECTORY = {
  keyMaterial: "https://mimi.example.com/v1/keyMaterial/{targetUser}",
  update: "https://mimi.example.com/v1/update{roomId}",
  notify: "https://mimi.example.com/v1/notify/{roomId}",
  submitMessage: "https://mimi.example.com/v1/submitMessage/{roomId}",
  groupInfo: "https://mimi.example.com/v1/groupInfo/{roomId}",
  requestConsent: "https://mimi.example.com/v1/requestConsent/{targetUser}",
  updateConsent: "https://mimi.example.com/v1/updateConsent/{requesterDomain}",
  identifierQuery: "https://mimi.example.com/v1/identifierQuery/{domain}",
  reportAbuse: "https://mimi.example.com/v1/reportAbuse/{roomId}",
  proxyDownload: "https://mimi.example.com/v1/proxyDownload/{downloadUrl}",
}

describe("discovery directory (§5.1)", () => {
  it("accepts the draft's directory once its missing colon is restored", () => {
    const r = parseDirectory(JSON.stringify(DIRECTORY))
    expect(r.ok && r.value.update).toBe(DIRECTORY.update)
  })

  it.each([
    ["the draft's text as printed", JSON.stringify(DIRECTORY).replace('"proxyDownload":', '"proxyDownload"'), ""],
    ["an array", "[]", ""],
    ["a missing endpoint", JSON.stringify({ ...DIRECTORY, notify: undefined }), "/notify"],
    ["a wrong variable", JSON.stringify({ ...DIRECTORY, groupInfo: "https://h.example/g/{room}" }), "/groupInfo"],
    ["two variables", JSON.stringify({ ...DIRECTORY, notify: "https://h.example/{roomId}/{roomId}" }), "/notify"],
    ["plain http", JSON.stringify({ ...DIRECTORY, notify: "http://h.example/n/{roomId}" }), "/notify"],
    ["the variable in the host", JSON.stringify({ ...DIRECTORY, identifierQuery: "https://{domain}/q" }),
      "/identifierQuery"],
  ])("refuses %s", (_, text, path) => {
    const r = parseDirectory(text)
    expect(r.ok ? "ok" : r.error.path).toBe(path)
  })

  it("fills templates as the draft's flows do and reads the identifier back", () => {
    const url = expandTemplate(DIRECTORY.notify, "mimi://a.example/r/club house")
    expect(url).toBe("https://mimi.example.com/v1/notify/a.example/r/club%20house")
    expect(identifierFromPath("a.example/r/club%20house")).toBe("mimi://a.example/r/club house")
    expect(identifierFromPath("a.example//x")).toBeUndefined()
    expect(identifierFromPath("a.example/%E0%A4%A")).toBeUndefined()
    const download = expandTemplate(DIRECTORY.proxyDownload, "https://assets.b.example/x?y=1")
    expect(download).toBe("https://mimi.example.com/v1/proxyDownload/https%3A%2F%2Fassets.b.example%2Fx%3Fy%3D1")
  })
})

describe("proxyDownload is not an open proxy (§5.10.2)", () => {
  const peers = ["assets.b.example", "assets.c.example"]
  it("allows a peer's asset host, any port, any case", () => {
    const r = checkProxyDownload(encodeURIComponent("https://ASSETS.b.example:8443/blob/1"), peers)
    expect(r.ok && r.url.pathname).toBe("/blob/1")
  })
  it.each([
    ["another host", "https://evil.example/x"],
    ["a subdomain of a peer's asset host", "https://x.assets.b.example/x"],
    ["plain http", "http://assets.b.example/x"],
    ["userinfo", "https://assets.b.example@evil.example/x"],
    ["a relative URL", "/etc/passwd"],
  ])("refuses %s", (_, url) => {
    const r = checkProxyDownload(encodeURIComponent(url), peers)
    expect(r.ok ? "ok" : r.rule).toBe("mimi.assets.no-open-proxy")
  })
  it("refuses broken percent-encoding", () => {
    expect(checkProxyDownload("%E0%A4%A", peers).ok).toBe(false)
  })
})

const sk = new Uint8Array(32).fill(11)
const tbs = {
  protocol: "mls10" as const, requestingUser: "mimi://a.example/u/alice", targetUser: "mimi://b.example/u/bob",
  roomId: "mimi://a.example/r/clubhouse", acceptableCiphersuites: [keyPackage.cipherSuite],
  requiredCapabilities: { extensionTypes: [], proposalTypes: [], credentialTypes: [] },
  requesterSignatureKey: cs1.signaturePublicKey(sk)!, requesterCredential: basic("mimi://a.example/d/A1"),
}

describe("keyMaterial checks (§5.2)", () => {
  it("verifies the request signature and refuses a forged one", () => {
    const request: KeyMaterialRequest = signKeyMaterialRequest(cs1, sk, tbs)
    expect(checkKeyMaterialRequest(request, suites)).toEqual([])
    const forged = { ...request, targetUser: "mimi://b.example/u/cathy" }
    expect(rules(checkKeyMaterialRequest(forged, suites))).toEqual(["mimi.key-material.request-signature-verified"])
    const empty = { ...request, acceptableCiphersuites: [] }
    expect(rules(checkKeyMaterialRequest(empty, suites))).toEqual(["mimi.key-material.request-well-formed"])
  })

  const served = (uri: string) => ({ clientStatus: "success" as const, clientUri: uri, keyPackage })
  const response = (v: Partial<KeyMaterialResponse>): KeyMaterialResponse =>
    ({ protocol: "mls10", userStatus: "success", userUri: tbs.targetUser, clients: [served(B1)], ...v })
  const notAfter = keyPackage.leafNode.leafNodeSource === "key_package" ? keyPackage.leafNode.lifetime.notAfter : 0n

  it("passes a conforming response", () => {
    expect(checkKeyMaterialResponse(tbs, response({}), notAfter)).toEqual([])
  })

  it.each([
    ["another user", response({ userUri: "mimi://b.example/u/eve" }), "mimi.key-material.response-names-user"],
    ["clients with userUnknown", response({ userStatus: "userUnknown" }), "mimi.key-material.clients-empty-on-failure"],
    ["success with an unserved client", response({ clients: [served(B1),
      { clientStatus: "keyMaterialExhausted", clientUri: "mimi://b.example/d/B2" }] }),
        "mimi.key-material.user-code-consistent"],
    ["partialSuccess with nothing", response({ userStatus: "partialSuccess", clients: [] }),
      "mimi.key-material.user-code-consistent"],
    ["a client listed twice", response({ clients: [served(B1), served(B1)] }),
      "mimi.key-material.one-per-client"],
  ])("flags %s", (_, res, rule) => {
    expect(rules(checkKeyMaterialResponse(tbs, res, notAfter))).toContain(rule)
  })

  it("flags an unacceptable cipher suite, a missing capability and an expired KeyPackage", () => {
    const other = { ...tbs, acceptableCiphersuites: [keyPackage.cipherSuite + 1] }
    const negotiated = ["mimi.key-material.ciphersuite-negotiated"]
    expect(rules(checkKeyMaterialResponse(other, response({}), notAfter))).toEqual(negotiated)
    const needs = { ...tbs, requiredCapabilities: { extensionTypes: [0xfafa], proposalTypes: [], credentialTypes: [] } }
    expect(rules(checkKeyMaterialResponse(needs, response({}), notAfter))).toEqual(negotiated)
    expect(rules(checkKeyMaterialResponse(tbs, response({}), notAfter + 1n))).toEqual(["mimi.key-material.not-expired"])
  })

  it("flags a KeyPackage handed out in two responses", () => {
    expect(checkKeyPackagesDistinct([response({}), response({ clients: [] })], suites)).toEqual([])
    const twice = checkKeyPackagesDistinct([response({}), response({})], suites)
    expect(rules(twice)).toEqual(["mimi.key-material.single-use"])
  })
})

describe("participant list updates (§7.5)", () => {
  const alice = { user: "mimi://a.example/u/alice", roleIndex: 4 }
  const list = [alice, { user: "mimi://b.example/u/bob", roleIndex: 2 }]
  it("applies role changes, then removals, then adds", () => {
    const r = applyParticipantListUpdates(list, [{
      changedRoleParticipants: [{ userIndex: 0, roleIndex: 3 }], removedIndices: [1],
      addedParticipants: [{ user: "mimi://c.example/u/cathy", roleIndex: 2 }] }])
    expect(r.ok && r.value).toEqual([
      { user: "mimi://a.example/u/alice", roleIndex: 3 },
      { user: "mimi://c.example/u/cathy", roleIndex: 2 },
    ])
  })
  it.each([
    ["the same user twice in one commit", [{
      changedRoleParticipants: [{ userIndex: 1, roleIndex: 1 }], removedIndices: [1], addedParticipants: [],
    }]],
    ["an index outside the list", [{ changedRoleParticipants: [], removedIndices: [7], addedParticipants: [] }]],
    ["adding a current participant", [{ changedRoleParticipants: [], removedIndices: [], addedParticipants: [alice] }]],
  ])("refuses %s", (_, updates) => {
    const r = applyParticipantListUpdates(list, updates)
    expect(r.ok ? "ok" : r.rule).toBe("mimi.handshake.participant-list-single-change")
  })
})

describe("Welcome routing (§5.5)", () => {
  it("names the KeyPackageRefs of the Welcome's secrets, and nothing for other messages", () => {
    expect(welcomeKeyPackageRefs(welcomeMessage)).toEqual(welcome.secrets.map((s) => s.newMember))
    expect(welcomeKeyPackageRefs(welcomeMessage).length).toBeGreaterThan(0)
    expect(welcomeKeyPackageRefs(commitMessage)).toEqual([])
  })
})
