import { Command } from "commander"
import { HarnessError } from "../engine/errors.ts"
import { allRequirements, requirement } from "../requirements/index.ts"
import { definedScenarios } from "./list.ts"
import type { ExitCode, Io } from "./main.ts"

export function registerExplain(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("explain")
    .description("print a requirement's registry entry, its spec link and the scenarios that cover it")
    .argument("<requirement-id>", "e.g. mls.epoch.authenticator-agrees")
    .action(async (id: string) => {
      const entry = requirement(id)
      if (entry === undefined) {
        const near = allRequirements().map((r) => r.id).filter((r) => r.includes(id.split(".").slice(-1)[0] ?? id))
        throw new HarnessError("E_USAGE", `unknown requirement ${id}${near.length > 0 ? `; did you mean: ${near.slice(0, 5).join(", ")}` : ""} (see conformance list)`)
      }
      const scenarios = (await definedScenarios([entry.profile], io)).filter((s) => s.requirements.includes(id))
      io.stdout.write(
        [
          `${entry.id}  [${entry.level}]`,
          `${entry.doc} §${entry.section}  ${entry.link}`,
          "",
          `${entry.paraphrase === true ? "(paraphrase) " : ""}${entry.text}`,
          ...(entry.reading === undefined ? [] : ["", `Reading chosen by the suite: ${entry.reading}`]),
          "",
          scenarios.length === 0 ? "No scenario covers it yet." : `Covered by ${scenarios.length} scenario(s):`,
          ...scenarios.map((s) => `  ${s.id}  ${s.title}`),
          "",
        ].join("\n"),
      )
      setCode(0)
    })
}
