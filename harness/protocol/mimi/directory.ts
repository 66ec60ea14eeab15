/**
 * -06 §5.1 discovery directory: `GET /.well-known/mimi-protocol-directory` returns JSON mapping each
 * endpoint to an https URL template. The draft's own example is not valid JSON and writes
 * `update{roomId}` without a slash; the suite validates the shape below and accepts both.
 */
export const DIRECTORY_PATH = "/.well-known/mimi-protocol-directory"

/**
 * The variable each template must carry. requestConsent and updateConsent say {targetUser} and
 * {requesterUser} in §5.1 but {targetDomain} and {requesterDomain} in §5.7: either is accepted.
 */
export const DIRECTORY_VARIABLES = {
  keyMaterial: ["targetUser"],
  update: ["roomId"],
  notify: ["roomId"],
  submitMessage: ["roomId"],
  groupInfo: ["roomId"],
  requestConsent: ["targetUser", "targetDomain"],
  updateConsent: ["requesterUser", "requesterDomain"],
  identifierQuery: ["domain"],
  reportAbuse: ["roomId"],
  proxyDownload: ["downloadUrl"],
} as const

export type Endpoint = keyof typeof DIRECTORY_VARIABLES
export type Directory = Record<Endpoint, string>

export interface DirectoryError {
  /** JSON pointer of the offending member, "" for the document. */
  path: string
  expected: string
  got: string
}

export type DirectoryResult = { ok: true; value: Directory } | { ok: false; error: DirectoryError }

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : v === null ? "null" : typeof v)

/** Parses and validates a directory document (the response body as text). Unknown members are ignored. */
export function parseDirectory(text: string): DirectoryResult {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: { path: "", expected: "a JSON document", got: (e as Error).message } }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { ok: false, error: { path: "", expected: "a JSON object", got: Array.isArray(doc) ? "array" : show(doc) } }
  }
  const out: Partial<Directory> = {}
  for (const [endpoint, variables] of Object.entries(DIRECTORY_VARIABLES) as [Endpoint, readonly string[]][]) {
    const value: unknown = (doc as Record<string, unknown>)[endpoint]
    const path = `/${endpoint}`
    if (typeof value !== "string") {
      return { ok: false, error: { path, expected: "an https URL template", got: show(value) } }
    }
    const problem = templateProblem(value, variables)
    if (problem !== undefined) return { ok: false, error: { path, expected: problem, got: show(value) } }
    out[endpoint] = value
  }
  return { ok: true, value: out as Directory }
}

function templateProblem(template: string, variables: readonly string[]): string | undefined {
  const found = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1])
  const allowed = variables.map((v) => `{${v}}`).join(" or ")
  if (found.length !== 1 || !variables.includes(found[0]!)) return `exactly one variable, ${allowed}`
  let url: URL
  try {
    url = new URL(template.replace(/\{[^}]*\}/, "x"))
  } catch {
    return "an absolute URL"
  }
  if (url.protocol !== "https:") return "an https URL"
  const at = template.indexOf("{")
  if (at < template.indexOf("//") + 2 + url.host.length) return `${allowed} in the path, not the host`
  if (url.search !== "" || url.hash !== "") return "a URL without query or fragment"
  return undefined
}

/**
 * Fills a template. Identifiers (`mimi://a.example/r/clubhouse`) lose their scheme and keep their
 * `/` separators, each segment percent-encoded, as in the draft's flows (`/notify/a.example/r/clubhouse`);
 * downloadUrl is one percent-encoded segment (RFC 3986 encodeURIComponent); a domain is used as is.
 */
export function expandTemplate(template: string, value: string): string {
  const variable = /\{([^}]*)\}/.exec(template)?.[1]
  const filled = variable === "downloadUrl" ? encodeURIComponent(value)
    : variable === "domain" ? value
    : identifierPath(value)
  return template.replace(/\{[^}]*\}/, filled)
}

export function identifierPath(uri: string): string {
  return uri.replace(/^mimi:\/\//, "").split("/").map(encodeURIComponent).join("/")
}

/** Inverse of identifierPath for a path remainder: the MIMI URI it names, or undefined if malformed. */
export function identifierFromPath(rest: string): string | undefined {
  try {
    const segments = rest.split("/").map(decodeURIComponent)
    if (segments.some((s) => s === "" || s.includes("/"))) return undefined
    return `mimi://${segments.join("/")}`
  } catch {
    return undefined
  }
}
