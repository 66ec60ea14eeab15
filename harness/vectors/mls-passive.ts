/**
 * Typed loaders for the MLS WG vectors that drive a client library: passive-client-*.json and
 * welcome.json. Fields become camelCase with bytes decoded from hex; every case gets a stable
 * display ID `cs=<suite> #<n>` (n counts the cases of that suite in file order).
 */
import { HarnessError } from "../engine/errors.ts"
import { defaultVectorsDir, loadVectorFile } from "./load.ts"

export type PassiveFamily = "welcome" | "handling-commit" | "random"

export interface PassiveEpoch {
  proposals: Uint8Array[]
  commit: Uint8Array
  epochAuthenticator: Uint8Array
}

export interface PassiveCase {
  /** Display ID, e.g. "cs=1 #4". */
  id: string
  /** Position in the file. */
  index: number
  file: string
  cipherSuite: number
  externalPsks: { pskId: Uint8Array; psk: Uint8Array }[]
  keyPackage: Uint8Array
  signaturePriv: Uint8Array
  encryptionPriv: Uint8Array
  initPriv: Uint8Array
  welcome: Uint8Array
  ratchetTree?: Uint8Array
  initialEpochAuthenticator: Uint8Array
  epochs: PassiveEpoch[]
}

export interface WelcomeCase {
  id: string
  index: number
  file: string
  cipherSuite: number
  initPriv: Uint8Array
  signerPub: Uint8Array
  keyPackage: Uint8Array
  welcome: Uint8Array
}

type Json = Record<string, unknown>

/** Reads one JSON case; every accessor names the field it failed on. */
class Fields {
  constructor(
    private readonly obj: Json,
    private readonly where: string,
  ) {}

  private fail(field: string, expected: string): never {
    throw new HarnessError("E_SCENARIO_LOAD", `${this.where}: ${field} must be ${expected}`, `${this.where}/${field}`)
  }

  hex(field: string, value: unknown = this.obj[field]): Uint8Array {
    if (typeof value !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) this.fail(field, "a hex string")
    return Uint8Array.from(Buffer.from(value, "hex"))
  }

  optionalHex(field: string): Uint8Array | undefined {
    const value = this.obj[field]
    return value === null || value === undefined ? undefined : this.hex(field)
  }

  u16(field: string): number {
    const value = this.obj[field]
    const valid = typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffff
    if (!valid) this.fail(field, "a uint16")
    return value as number
  }

  list(field: string): unknown[] {
    const value = this.obj[field]
    if (!Array.isArray(value)) this.fail(field, "an array")
    return value
  }

  nested(field: string, i: number): Fields {
    const value = this.list(field)[i]
    if (typeof value !== "object" || value === null) this.fail(`${field}/${i}`, "an object")
    return new Fields(value as Json, `${this.where}/${field}/${i}`)
  }
}

type CaseBody<T> = Omit<T, "id" | "index" | "file">

function cases<T>(file: string, dir: string, read: (f: Fields) => CaseBody<T>): T[] {
  const data = loadVectorFile<unknown>(file, dir)
  if (!Array.isArray(data)) throw new HarnessError("E_SCENARIO_LOAD", `${file} must hold an array of cases`, file)
  const perSuite = new Map<number, number>()
  return data.map((raw, index) => {
    if (typeof raw !== "object" || raw === null) {
      throw new HarnessError("E_SCENARIO_LOAD", `${file}/${index} is not an object`, `${file}/${index}`)
    }
    const fields = new Fields(raw as Json, `${file}/${index}`)
    const cipherSuite = fields.u16("cipher_suite")
    const n = perSuite.get(cipherSuite) ?? 0
    perSuite.set(cipherSuite, n + 1)
    return { id: `cs=${cipherSuite} #${n}`, index, file, ...read(fields) } as T
  })
}

/** Loads passive-client-<family>.json (sha256-checked against the manifest of `dir`). */
export function loadPassiveCases(family: PassiveFamily, dir = defaultVectorsDir): PassiveCase[] {
  return cases<PassiveCase>(`mls/passive-client-${family}.json`, dir, (f) => {
    const ratchetTree = f.optionalHex("ratchet_tree")
    return {
      cipherSuite: f.u16("cipher_suite"),
      externalPsks: f.list("external_psks").map((_, i) => {
        const psk = f.nested("external_psks", i)
        return { pskId: psk.hex("psk_id"), psk: psk.hex("psk") }
      }),
      keyPackage: f.hex("key_package"),
      signaturePriv: f.hex("signature_priv"),
      encryptionPriv: f.hex("encryption_priv"),
      initPriv: f.hex("init_priv"),
      welcome: f.hex("welcome"),
      ...(ratchetTree === undefined ? {} : { ratchetTree }),
      initialEpochAuthenticator: f.hex("initial_epoch_authenticator"),
      epochs: f.list("epochs").map((_, i) => {
        const epoch = f.nested("epochs", i)
        return {
          proposals: epoch.list("proposals").map((p, j) => epoch.hex(`proposals/${j}`, p)),
          commit: epoch.hex("commit"),
          epochAuthenticator: epoch.hex("epoch_authenticator"),
        }
      }),
    }
  })
}

/** Loads welcome.json. */
export function loadWelcomeCases(dir = defaultVectorsDir): WelcomeCase[] {
  return cases<WelcomeCase>("mls/welcome.json", dir, (f) => ({
    cipherSuite: f.u16("cipher_suite"),
    initPriv: f.hex("init_priv"),
    signerPub: f.hex("signer_pub"),
    keyPackage: f.hex("key_package"),
    welcome: f.hex("welcome"),
  }))
}
