import { escHtml as e } from "../text.ts"
import { cssName } from "./style.ts"

export { e }

export function pill(verdict: string): string {
  return `<span class="pill v-${cssName(verdict)}">${e(verdict)}</span>`
}

export const code = (x: string): string => `<code>${e(x)}</code>`

export function codes(xs: string[]): string {
  return xs.length === 0 ? `<span class="muted">none</span>` : xs.map(code).join(" ")
}

/** A link only for http(s) URLs; anything else is shown as text. */
export function linkTo(url: string, text: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noreferrer noopener">${e(text)}</a>` : e(text)
}

/** A table; header names ending in "#" are numeric columns (right-aligned), the "#" is dropped. */
export function table(head: string[], rows: string[][]): string {
  const numeric = head.map((h) => h.endsWith("#"))
  const cls = (i: number): string => (numeric[i] === true ? ` class="num"` : "")
  const th = head.map((h, i) => `<th${cls(i)}>${e(numeric[i] === true ? h.slice(0, -1) : h)}</th>`)
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`)
  return `<table><thead><tr>${th.join("")}</tr></thead><tbody>${tr.join("")}</tbody></table>`
}

export const muted = (text: string): string => `<p class="muted">${e(text)}</p>`
