import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium, type BrowserContext, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { renderHtml } from "../../reports/html.ts"
import { fixtureTrend, preparedFixture } from "./golden.ts"

const executablePath = "/usr/bin/chromium"
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

/** Where CI picks up the screenshot (set SCREENSHOT_DIR to keep it elsewhere). */
const shotDir = process.env.SCREENSHOT_DIR ?? join(tmpdir(), "conformance-html-test")

describe("report.html in headless Chromium", () => {
  let work: string | undefined
  let context: BrowserContext
  let page: Page
  const problems: string[] = []
  const requests: string[] = []

  beforeAll(async () => {
    if (!existsSync(executablePath)) {
      throw new Error(`${executablePath} is missing: apt-get install -y --no-install-recommends chromium`)
    }
    work = mkdtempSync(join(tmpdir(), "conformance-html-"))
    const file = join(work, "report.html")
    writeFileSync(file, renderHtml(preparedFixture(), fixtureTrend()))
    context = await chromium.launchPersistentContext(join(work, "profile"), { executablePath, headless: true, args })
    page = await context.newPage()
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`)
    })
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`))
    page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss() })
    page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()) })
    await page.goto(pathToFileURL(file).href)
  }, 60_000)

  afterAll(async () => {
    await context?.close()
    if (work !== undefined) rmSync(work, { recursive: true, force: true })
  })

  it("loads with no console errors, no script from the evidence, no network", async () => {
    await expect(page.title()).resolves.toContain("example-provider")
    // Open every transcript so hostile evidence is rendered, then look again.
    await page.locator("details").evaluateAll((els) => els.forEach((el) => el.setAttribute("open", "")))
    expect(await page.locator("img").count()).toBe(0)
    expect(problems).toEqual([])
    expect(requests).toEqual([])
  })

  it("filters by verdict, level and search", async () => {
    const rows = page.locator('tr[data-filter="requirement"]')
    const visible = (): Promise<number> =>
      rows.evaluateAll((els) => els.filter((e) => !(e as unknown as { hidden: boolean }).hidden).length)
    expect(await visible()).toBe(11)
    await page.getByLabel("verdict", { exact: true }).selectOption("fail")
    expect(await visible()).toBe(1)
    expect(await page.locator("#shown").textContent()).toBe("1")
    const shown = page.locator('tr[data-filter="requirement"]:not([hidden]) code').first()
    expect(await shown.textContent()).toBe("mimi.key-material.single-use")
    expect(await page.locator('article.scenario:not([hidden])').count()).toBe(1)
    await page.getByLabel("verdict", { exact: true }).selectOption("")
    await page.getByLabel("level", { exact: true }).selectOption("SHOULD")
    expect(await visible()).toBe(3)
    await page.getByLabel("level", { exact: true }).selectOption("")
    await page.getByLabel("search", { exact: true }).fill("franking")
    expect(await visible()).toBe(1)
    await page.getByLabel("search", { exact: true }).fill("")
    await page.getByLabel("profile", { exact: true }).selectOption("rfc9420")
    expect(await visible()).toBe(4)
    await page.getByLabel("profile", { exact: true }).selectOption("")
    expect(await visible()).toBe(11)
  })

  it("takes a screenshot", async () => {
    mkdirSync(shotDir, { recursive: true })
    const path = join(shotDir, "report.png")
    await page.screenshot({ path, fullPage: true })
    expect(existsSync(path)).toBe(true)
  })
})
