/**
 * MIMI URIs as the reference provider mints them (-06 §3): users `mimi://<domain>/u/<name>`,
 * clients `mimi://<domain>/d/<name>/<device>` (so the hub can tell a client's user from its
 * credential), rooms `mimi://<domain>/r/<name>` with MLS group ID `mimi://<domain>/g/<name>`.
 */
export const userUri = (domain: string, name: string) => `mimi://${domain}/u/${name}`
export const clientUri = (domain: string, name: string, device: string) => `mimi://${domain}/d/${name}/${device}`
export const roomUri = (domain: string, name: string) => `mimi://${domain}/r/${name}`

const SHAPE = /^mimi:\/\/([a-z0-9.-]+)\/([udrg])\/([A-Za-z0-9._~-]+)(?:\/([A-Za-z0-9._~-]+))?$/

export function parseUri(uri: string): { domain: string; kind: string; name: string; device?: string } | undefined {
  const m = SHAPE.exec(uri)
  if (!m) return undefined
  const [, domain, kind, name, device] = m as unknown as [string, string, string, string, string | undefined]
  if ((kind === "d") !== (device !== undefined)) return undefined
  return device === undefined ? { domain, kind, name } : { domain, kind, name, device }
}

export const domainOf = (uri: string): string | undefined => parseUri(uri)?.domain

/** The user a client URI belongs to, or undefined for a URI that is not a client's. */
export function userOfClient(client: string): string | undefined {
  const p = parseUri(client)
  return p?.kind === "d" ? userUri(p.domain, p.name) : undefined
}

export function groupIdOf(room: string): Uint8Array {
  return new TextEncoder().encode(room.replace(/\/r\//, "/g/"))
}

/**
 * Path parameters carry a URI without its `mimi://` scheme, as in -06's flow examples
 * (`POST /notify/a.example/r/clubhouse`); a percent-encoded full URI is accepted as well.
 */
export function uriFromPath(param: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(param)
  } catch {
    return undefined
  }
  const uri = decoded.startsWith("mimi://") ? decoded : `mimi://${decoded}`
  return parseUri(uri) === undefined && !/^mimi:\/\/[a-z0-9.-]+$/.test(uri) ? undefined : uri
}

export const uriToPath = (uri: string) => uri.replace(/^mimi:\/\//, "")
