import { writeFileSync } from "node:fs"
import { benches } from "./registry.ts"

/**
 * Runs the named benchmarks (all by default) one after another, prints each result table and
 * writes bench-results.json. Every bench compares against a peer measured in the same run, so the
 * ratios stay meaningful on a busy or slower machine.
 */
export async function main(names: string[]): Promise<number> {
  const selected = names.length === 0 ? benches : benches.filter((b) => names.includes(b.name))
  const unknown = names.filter((n) => !benches.some((b) => b.name === n))
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench ${unknown.join(", ")}; choose from: ${benches.map((b) => b.name).join(", ")}\n`)
    return 2
  }
  const results: Record<string, unknown> = {}
  for (const bench of selected) {
    process.stdout.write(`\n## ${bench.name}: ${bench.description}\n\n`)
    const result = await bench.run()
    process.stdout.write(`${result.table}\n`)
    results[bench.name] = result.data
  }
  writeFileSync("bench-results.json", `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write("\nwritten: bench-results.json\n")
  return 0
}
