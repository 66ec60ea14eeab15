/**
 * -06 §5.10.2 `GET /proxyDownload/{downloadUrl}`. The request has no body: its only input is the
 * download URL, carried percent-encoded as one path segment (see `expandTemplate`).
 */
export type ProxyDownloadResult =
  | { ok: true; url: URL }
  | { ok: false; rule: "mimi.assets.no-open-proxy"; detail: string }

const refuse = (detail: string): ProxyDownloadResult => ({ ok: false, rule: "mimi.assets.no-open-proxy", detail })

/**
 * The hub's decision (§5.10.2): "The hub MUST verify that the host part of the downloadUrl is
 * associated with the asset server domain for one of its peer providers." `encoded` is the path
 * remainder after `proxyDownload/`. The suite's reading: it is decoded once; the result must be an
 * https URL without userinfo whose host (lower case, no trailing dot; port ignored) is exactly one of
 * `assetDomains`. Subdomains do not match: a peer's asset domain is a host, not a zone.
 */
export function checkProxyDownload(encoded: string, assetDomains: readonly string[]): ProxyDownloadResult {
  let raw: string
  try {
    raw = decodeURIComponent(encoded)
  } catch {
    return refuse("downloadUrl is not valid percent-encoding")
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse(`downloadUrl ${JSON.stringify(raw)} is not an absolute URL`)
  }
  if (url.protocol !== "https:") return refuse(`downloadUrl scheme ${url.protocol} is not https`)
  if (url.username !== "" || url.password !== "") return refuse("downloadUrl carries userinfo")
  const host = url.hostname.toLowerCase().replace(/\.$/, "")
  const allowed = assetDomains.map((d) => d.toLowerCase().replace(/\.$/, ""))
  if (!allowed.includes(host)) {
    return refuse(`host ${host} is not a peer's asset domain (${allowed.join(", ") || "none"})`)
  }
  return { ok: true, url }
}
