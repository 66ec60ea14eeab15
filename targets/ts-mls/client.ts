import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import {
  acceptAll,
  ciphersuites,
  joinGroup,
  makePskIndex,
  processMessage,
  type CiphersuiteImpl,
  type ClientState,
  type PrivateKeyPackage,
} from "ts-mls"
import type { MlsClient, OpenedWelcome, OpenWelcomeRequest, Outcome, PassiveMember } from "../types.ts"
import { cipherSuiteImpl, isUnsupported } from "./crypto.ts"
import { openWelcome } from "./open-welcome.ts"
import { handshakeOf, keyPackageOf, pskTable, ratchetTreeOf, Refused, welcomeOf } from "./wire.ts"

/** Runs a library call: whatever it throws is `rejected`, or `unsupported` for what ts-mls cannot do here. */
async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() }
  } catch (e) {
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    return { ok: false, kind: isUnsupported(e) ? "unsupported" : "rejected", detail }
  }
}

function tsMlsVersion(): string {
  const entry = createRequire(import.meta.url).resolve("ts-mls")
  const manifest = JSON.parse(readFileSync(join(dirname(entry), "../../package.json"), "utf8")) as { version: string }
  return manifest.version
}

class TsMlsPassiveMember implements PassiveMember {
  constructor(
    private state: ClientState,
    private readonly impl: CiphersuiteImpl,
    private readonly psks: Record<string, Uint8Array>,
  ) {}

  epochAuthenticator(): Promise<Outcome<Uint8Array>> {
    return attempt(async () => Uint8Array.from(this.state.keySchedule.epochAuthenticator))
  }

  processEpoch(proposals: Uint8Array[], commit: Uint8Array): Promise<Outcome<{ epoch: number }>> {
    return attempt(async () => {
      const before = this.state.groupContext.epoch
      let state = this.state
      const messages = [
        ...proposals.map((bytes, i) => ({ bytes, what: `proposal ${i + 1}` })),
        { bytes: commit, what: "commit" },
      ]
      for (const { bytes, what } of messages) {
        const message = handshakeOf(bytes, what)
        const result = await processMessage(message, state, makePskIndex(state, this.psks), acceptAll, this.impl)
        if (result.kind !== "newState") throw new Refused(`${what} was processed as an application message`)
        if (result.actionTaken !== "accept") throw new Refused(`${what} was not accepted`)
        state = result.newState
      }
      if (state.groupContext.epoch !== before + 1n) {
        throw new Refused(`the commit left the member in epoch ${state.groupContext.epoch}, not ${before + 1n}`)
      }
      this.state = state
      return { epoch: Number(state.groupContext.epoch) }
    })
  }
}

/** The ts-mls library (default crypto provider) behind the MlsClient interface, in process. */
export function createTsMlsClient(): MlsClient {
  return {
    implementation: "ts-mls",
    implementationVersion: tsMlsVersion(),

    async supportedCipherSuites() {
      const usable: number[] = []
      for (const id of Object.values(ciphersuites)) {
        if ((await attempt(() => cipherSuiteImpl(id))).ok) usable.push(id)
      }
      return { ok: true, value: usable }
    },

    joinPassive(request) {
      return attempt(async () => {
        const impl = await cipherSuiteImpl(request.cipherSuite)
        const keyPackage = keyPackageOf(request.keyPackage)
        const welcome = welcomeOf(request.welcome)
        const tree = request.ratchetTree === undefined ? undefined : ratchetTreeOf(request.ratchetTree)
        const keys: PrivateKeyPackage = {
          initPrivateKey: request.initPriv,
          hpkePrivateKey: request.encryptionPriv,
          signaturePrivateKey: request.signaturePriv,
        }
        const psks = pskTable(request.externalPsks)
        const state = await joinGroup(welcome, keyPackage, keys, makePskIndex(undefined, psks), impl, tree)
        return new TsMlsPassiveMember(state, impl, psks)
      })
    },

    openWelcome(request: OpenWelcomeRequest): Promise<Outcome<OpenedWelcome>> {
      return attempt(async () => openWelcome(await cipherSuiteImpl(request.cipherSuite), request))
    },
  }
}
