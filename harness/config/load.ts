import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js"
import { HarnessError } from "../engine/errors.ts"

export const targetSchemaPath = resolve(dirname(fileURLToPath(import.meta.url)), "target.schema.json")

export type Profile = "rfc9420" | "mimi-protocol" | "mimi-content" | "signal"
export const allProfiles: readonly Profile[] = ["rfc9420", "mimi-protocol", "mimi-content", "signal"]

export interface TargetConfig {
  name: string
  version?: string
  /** "reference" is the built-in counterparts (never read from a file; see default-target.ts). */
  kind: "mls-client" | "mimi-provider" | "signal-client" | "reference"
  profiles: Profile[]
  capabilities: { cipherSuites?: number[]; features?: string[]; roles?: Array<"hub" | "follower">; signalVersions?: Array<3 | 4> }
  adapter?: "ts-mls" | "libsignal-client" | "libsignal-typescript"
  provider?: {
    domain: string
    directoryUrl: string
    driverUrl?: string
    tls: { ca: string; cert: string; key: string }
    peer?: { port: number }
  }
  timeouts?: { scenarioMs?: number; requestMs?: number }
}

export interface LoadedConfig {
  config: TargetConfig
  /** sha256 of the config bytes as read, for the report and audit manifest. */
  hash: string
  /** Where relative file paths in the config are resolved from. */
  baseDir: string
}

const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile<TargetConfig>(
  JSON.parse(readFileSync(targetSchemaPath, "utf8")) as object,
)

/** Reads and validates a target config file. Every problem is a HarnessError naming the field. */
export function loadTargetConfig(file: string): LoadedConfig {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch {
    throw new HarnessError("E_CONFIG_MISSING", `target config not found: ${file}`, file)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new HarnessError("E_CONFIG_INVALID", `${file} is not valid JSON: ${(e as Error).message}`, "")
  }
  return { config: validateTargetConfig(data, file), hash: sha256(text), baseDir: dirname(resolve(file)) }
}

export function validateTargetConfig(data: unknown, source: string): TargetConfig {
  if (validate(data)) return data
  const first = pickError(validate.errors ?? [])
  throw new HarnessError("E_CONFIG_INVALID", `${source}: ${describe(first)}`, pointerOf(first))
}

/** Capabilities as the flat names scenarios `require`. */
export function expandCapabilities(config: TargetConfig): string[] {
  const c = config.capabilities
  return [
    ...(c.cipherSuites ?? []).map((n) => `mls.cipher-suite.${n}`),
    ...(c.features ?? []),
    ...(c.roles ?? []).map((r) => `mimi.role.${r}`),
    ...(c.signalVersions ?? []).map((v) => `signal.version.${v}`),
  ]
}

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex")
}

// The most useful error first: an unknown field or a bad value beats the `if/then` wrapper errors.
function pickError(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== "if")
  return useful[0] ?? errors[0] ?? ({ keyword: "?", instancePath: "", params: {}, message: "invalid", schemaPath: "" } as ErrorObject)
}

function pointerOf(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") return `${e.instancePath}/${String(e.params["additionalProperty"])}`
  if (e.keyword === "required") return `${e.instancePath}/${String(e.params["missingProperty"])}`
  return e.instancePath === "" ? "/" : e.instancePath
}

function describe(e: ErrorObject): string {
  const at = pointerOf(e)
  switch (e.keyword) {
    case "additionalProperties":
      return `unknown field ${at}`
    case "required":
      return `missing required field ${at}`
    case "enum":
      return `${at} must be one of: ${(e.params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
    default:
      return `${at} ${e.message ?? "is invalid"}`
  }
}
