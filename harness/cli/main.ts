import { Command, CommanderError } from "commander"
import { HarnessError } from "../engine/errors.ts"
import { registerDiff } from "./diff.ts"
import { registerExplain } from "./explain.ts"
import { registerFaults } from "./faults.ts"
import { registerHistory } from "./history.ts"
import { registerKeygen } from "./keygen.ts"
import { registerList } from "./list.ts"
import { registerMerge } from "./merge.ts"
import { registerRun } from "./run.ts"
import { registerServeReference } from "./serve-reference.ts"
import { suiteInfo } from "./suite-info.ts"
import { registerVectors } from "./vectors.ts"
import { registerVerify } from "./verify.ts"

export interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** The commands' shared result: the process exit code. */
export type ExitCode = 0 | 1 | 2

/**
 * Entry point of the `conformance` CLI. Returns the exit code instead of exiting, so tests can call
 * it in-process: 0 conformant, 1 a MUST failed, 2 harness/config/usage error.
 */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<ExitCode> {
  let code: ExitCode = 0
  const setCode = (c: ExitCode): void => {
    code = c
  }
  const program = new Command("conformance")
    .description("Conformance and interoperability test suite for end-to-end-encrypted messaging (MLS, MIMI, Signal).")
    .version(suiteInfo().version)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError("(run conformance --help for usage)")
  registerRun(program, io, setCode)
  registerList(program, io, setCode)
  registerExplain(program, io, setCode)
  registerMerge(program, io, setCode)
  registerFaults(program, io, setCode)
  registerServeReference(program, io, setCode)
  registerHistory(program, io, setCode)
  registerDiff(program, io, setCode)
  registerVerify(program, io, setCode)
  registerKeygen(program, io, setCode)
  registerVectors(program, io, setCode)

  try {
    await program.parseAsync(argv)
  } catch (e) {
    return handleError(e, io)
  }
  return code
}

function handleError(e: unknown, io: Io): ExitCode {
  if (e instanceof CommanderError) {
    // --help and --version end with a CommanderError too, with exit code 0.
    return e.exitCode === 0 ? 0 : 2
  }
  if (e instanceof HarnessError) {
    io.stderr.write(`error ${e.code}${e.where === undefined ? "" : ` at ${e.where}`}: ${e.message}\n`)
    return 2
  }
  io.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  return 2
}
