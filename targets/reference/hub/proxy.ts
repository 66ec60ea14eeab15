import { checkProxyDownload } from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { text, type Reply } from "../http/server.ts"
import { u8 } from "../store.ts"

const ASSET_PATH = /^\/assets\/([0-9a-f]{24})$/

/** GET /assets/{id}: this provider's asset store (encrypted blobs), for peer providers only. */
export function serveAsset(ctx: ProviderContext, id: string): Reply {
  const row = ctx.db.prepare("SELECT content_type, bytes FROM assets WHERE id = ?").get(id) as
    | { content_type: string; bytes: Buffer } | undefined
  if (!row) return text(404, "no such asset")
  const headers = { "content-type": row.content_type, "cache-control": "private, max-age=3600" }
  return { status: 200, body: u8(row.bytes), headers }
}

/**
 * GET /proxyDownload/{downloadUrl} (-06 §5.10): the hub fetches an asset for a follower's client, so
 * the client's address never reaches the asset store. Only https URLs on a peer provider's asset
 * domain (here: the provider domains this hub federates with, its own included) are fetched;
 * anything else is 403, so the hub is not an open proxy.
 */
export async function proxyDownload(ctx: ProviderContext, encoded: string): Promise<Reply> {
  const checked = checkProxyDownload(encoded, [ctx.domain, ...ctx.peers.domains()])
  let url: URL
  if (checked.ok) url = checked.url
  else if (ctx.faults.has("open-download-proxy") && URL.canParse(decodeURIComponent(encoded))) {
    url = new URL(decodeURIComponent(encoded))
  } else return text(403, checked.ok ? "" : checked.detail)
  const asset = ASSET_PATH.exec(url.pathname)
  if (!asset && checked.ok) return text(403, `${url.pathname} is not an asset path`)
  try {
    if (url.hostname === ctx.domain) return asset?.[1] ? serveAsset(ctx, asset[1]) : text(404, "no such asset")
    if (ctx.peers.knows(url.hostname)) {
      const res = await ctx.peers.request(url.hostname, "GET", url.pathname)
      return res.status === 200 ? { status: 200, body: res.body } : text(502, `asset store answered ${res.status}`)
    }
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) }
  } catch (e) {
    return text(502, `fetch failed: ${(e as Error).message}`)
  }
}
