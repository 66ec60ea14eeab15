import { Writable } from "node:stream"
import type { Reporter, TestCase, TestModule } from "vitest/node"

/**
 * Progress for people at a terminal: one redrawn line "[done/total] verdict title". In CI, in a
 * pipe or with NO_COLOR/TERM=dumb it prints nothing, so logs stay plain and short.
 */
export class ProgressReporter implements Reporter {
  private total = 0
  private done = 0
  private readonly live: boolean
  /** Where vitest's own messages go: the same stream, after clearing the progress line. */
  readonly log: Writable

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.live = out.isTTY === true && process.env["CI"] === undefined && process.env["NO_COLOR"] === undefined &&
      process.env["TERM"] !== "dumb"
    this.log = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        this.clear()
        out.write(chunk)
        cb()
      },
    })
  }

  onTestModuleCollected(module: TestModule): void {
    this.total += [...module.children.allTests()].length
  }

  onTestCaseResult(testCase: TestCase): void {
    this.done += 1
    if (!this.live) return
    const verdict = testCase.meta().conformance?.verdict ?? testCase.result().state
    const line = `[${this.done}/${this.total}] ${verdict} ${testCase.name}`
    const width = (this.out as { columns?: number }).columns ?? 100
    this.out.write(`\r\x1b[K${line.slice(0, width - 1)}`)
  }

  onTestRunEnd(): void {
    this.clear()
  }

  private clear(): void {
    if (this.live) this.out.write("\r\x1b[K")
  }
}
