import type { RequirementId } from "../requirements/index.ts"
import type { CheckFn, CheckOptions, Recorder } from "./check.ts"
import type { Finding } from "./finding.ts"

export interface EventuallyOptions extends CheckOptions {
  timeoutMs: number
  intervalMs?: number
}

/**
 * Polls `probe` until its finding holds or the time is up, then records one check. Every attempt
 * that did not hold is kept as evidence, so a timeout shows what was seen along the way.
 */
export async function eventually(
  recorder: Recorder,
  check: CheckFn,
  id: RequirementId,
  probe: () => Promise<Finding>,
  options: EventuallyOptions,
  sleep: (ms: number) => Promise<void>,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs
  const attempts: string[] = []
  for (;;) {
    const finding = await probe()
    if (finding.ok) return check(id, finding, options)
    attempts.push(`#${attempts.length + 1}: ${finding.actual}`)
    if (Date.now() >= deadline) {
      recorder.note(`${id}: ${attempts.length} attempts in ${options.timeoutMs} ms`, attempts.join("\n"), "attempts")
      return check(id, finding, { hint: options.hint ?? `still not true after ${options.timeoutMs} ms` })
    }
    await sleep(options.intervalMs ?? 50)
  }
}
