/** Escaping shared by the renderers: everything that came from a target is hostile text. */

/** HTML text and attribute values (double- or single-quoted). */
export function escHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

/** Inline code in Markdown: no backticks or line breaks can escape the span. */
export function mdCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``
}

/** A Markdown table cell: pipes escaped, whitespace folded, long values cut. */
export function mdCell(text: string, max = 160): string {
  const flat = text.replace(/\|/g, "\\|").replace(/\s+/g, " ").replace(/</g, "&lt;")
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
