import { Command, Option } from "commander"
import type { ScenarioDefinition } from "../engine/record.ts"
import { collectScenarios, suiteGlobs } from "../engine/runner.ts"
import { builtInTarget } from "../config/default-target.ts"
import { allProfiles, expandCapabilities } from "../config/load.ts"
import { defaultVectorsDir } from "../vectors/load.ts"
import { allRequirements } from "../requirements/index.ts"
import type { ExitCode, Io } from "./main.ts"
import { suiteRoot } from "./suite-info.ts"

interface ListOptions {
  profile?: string[]
  tag?: string[]
  uncovered?: boolean
  json?: boolean
}

export function registerList(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("list")
    .description("list scenarios and requirements (without running anything)")
    .addOption(new Option("--profile <profile...>", "only these profiles").choices(allProfiles))
    .option("--tag <tag...>", "only scenarios with one of these tags")
    .option("--uncovered", "list the requirements no scenario claims")
    .option("--json", "machine-readable output")
    .action(async (opts: ListOptions) => {
      const profiles = opts.profile ?? [...allProfiles]
      const scenarios = (await definedScenarios(profiles, io)).filter(
        (s) => opts.tag === undefined || s.tags.some((t) => opts.tag?.includes(t)),
      )
      const requirements = allRequirements().filter((r) => profiles.includes(r.profile))
      const claimed = new Set(scenarios.flatMap((s) => s.requirements))
      if (opts.uncovered === true) {
        const open = requirements.filter((r) => !claimed.has(r.id))
        io.stdout.write(opts.json === true
          ? `${JSON.stringify(open, null, 2)}\n`
          : open.map((r) => `${r.id}\t${r.level}\t${r.doc} §${r.section}`).join("\n") + (open.length > 0 ? "\n" : ""))
        setCode(0)
        return
      }
      if (opts.json === true) {
        io.stdout.write(`${JSON.stringify({ scenarios, requirements }, null, 2)}\n`)
      } else {
        io.stdout.write(`${scenarios.length} scenarios\n`)
        for (const s of scenarios) io.stdout.write(`  ${s.id}\t${s.title}\n`)
        io.stdout.write(`${requirements.length} requirements (${requirements.filter((r) => claimed.has(r.id)).length} claimed by a scenario)\n`)
        for (const r of requirements) io.stdout.write(`  ${r.id}\t${r.level}\t${r.doc} §${r.section}\n`)
      }
      setCode(0)
    })
}

/** The static definitions of every scenario in the given profiles' suite files. */
export async function definedScenarios(profiles: string[], io: Io): Promise<ScenarioDefinition[]> {
  const context = {
    runId: "list",
    profiles,
    capabilities: expandCapabilities(builtInTarget),
    target: { name: builtInTarget.name, kind: builtInTarget.kind, config: { ...builtInTarget } },
    vectorsDir: defaultVectorsDir,
    scenarioTimeoutMs: 1000,
    now: new Date(0).toISOString(),
  }
  const modules = await collectScenarios(suiteRoot, suiteGlobs(profiles), context, io.stderr as never)
  const out: ScenarioDefinition[] = []
  for (const m of modules) for (const t of m.children.allTests()) {
    const def = t.meta().scenario
    if (def !== undefined) out.push(def)
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}
