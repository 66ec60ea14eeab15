import { mkdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Command, Option } from "commander"
import { builtInTarget } from "../config/default-target.ts"
import { allProfiles, expandCapabilities, loadTargetConfig, sha256, type Profile, type TargetConfig } from "../config/load.ts"
import { HarnessError } from "../engine/errors.ts"
import { applyExpectations, loadExpectations, refuseExpectationsInAudit } from "../engine/expectations.ts"
import type { RunContext } from "../engine/run-context.ts"
import { runScenarios, suiteGlobs } from "../engine/runner.ts"
import { defaultHistoryDb, recordRun, trendFor } from "../store/history.ts"
import { defaultVectorsDir } from "../vectors/load.ts"
import { readKey, type BundleSignature } from "../../reports/audit/sign.ts"
import { buildReport } from "../../reports/build.ts"
import { ScenarioCollector } from "../../reports/collect.ts"
import type { RunReport } from "../../reports/model.ts"
import { prepareReport, writeAllReports } from "../../reports/write-all.ts"
import type { ExitCode, Io } from "./main.ts"
import { ProgressReporter } from "./progress.ts"
import { checkFaults, referenceDeviations, startBuiltInProviders } from "./reference.ts"
import { suiteInfo, suiteRoot } from "./suite-info.ts"

interface RunOptions {
  target?: string
  profile?: string[]
  out: string
  retries: string
  shard?: string
  timeout?: string
  clock?: string
  vectorsDir?: string
  grep?: string
  expectations?: string
  audit?: boolean
  auditKey?: string
  /** A file, or false with --no-history. */
  history: string | false
  fault?: string[]
}

export function registerRun(program: Command, io: Io, setCode: (c: ExitCode) => void): void {
  program
    .command("run")
    .description("run the conformance scenarios against a target and write the reports")
    .option("--target <file>", "target config (JSON); default: the built-in counterparts")
    .addOption(new Option("--profile <profile...>", "profiles to run (default: those the target declares)").choices(allProfiles))
    .option("--out <dir>", "report folder", "conformance-report")
    .option("--retries <n>", "re-run a failing scenario up to n times; a pass on retry is reported flaky", "0")
    .option("--shard <i/n>", "run only shard i of n (merge the shards' report.json with `conformance merge`)")
    .option("--timeout <ms>", "per-scenario timeout in milliseconds")
    .option("--clock <iso>", "pin the clock scenarios see (ISO 8601; default: the run's start)")
    .option("--vectors-dir <dir>", "use another set of test vectors of the same format (with its MANIFEST.json)")
    .option("--grep <pattern>", "only scenarios whose title matches this regular expression")
    .option("--fault <id...>", "switch seeded faults on in the built-in reference provider (see conformance faults)")
    .option("--expectations <file>", "known deviations (JSON): expected failures do not fail the run, stale ones do")
    .option("--audit", "audit mode: no expectations, record hashes, write a signed bundle/ with the evidence")
    .option("--audit-key <key>", "Ed25519 private key (hex, or a file of it) signing the audit bundle")
    .option("--history <file>", "run history database (SQLite) for trends", defaultHistoryDb)
    .option("--no-history", "do not read or record run history")
    .action(async (opts: RunOptions) => {
      const report = await run(opts, io)
      setCode(report.exit.code)
    })
}

async function run(opts: RunOptions, io: Io): Promise<RunReport> {
  refuseExpectationsInAudit(opts.audit === true, opts.expectations)
  const started = new Date()
  const faults = opts.fault ?? []
  const loaded = opts.target === undefined
    ? { config: builtInTarget, hash: sha256(JSON.stringify({ ...builtInTarget, faults })) }
    : loadTargetConfig(resolve(opts.target))
  const config = withAbsolutePaths(loaded.config, "baseDir" in loaded ? loaded.baseDir : process.cwd())
  const hash = loaded.hash
  checkFaults(config, faults)
  // Read the audit key before the run, so a bad key costs nothing.
  const auditKey = opts.audit !== true ? undefined
    : opts.auditKey === undefined ? {} : { privateKey: readKey(opts.auditKey, "--audit-key") }
  const retries = parseCount(opts.retries, "--retries")
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard)
  const outDir = resolve(opts.out)
  const selected = (opts.profile as Profile[] | undefined) ?? config.profiles
  mkdirSync(outDir, { recursive: true })

  const collector = new ScenarioCollector(suiteRoot)
  const progress = new ProgressReporter(io.stderr)
  const providers = await startBuiltInProviders(config, selected, faults)
  const context = runContext(providers.config, selected, opts, started)
  try {
    await runScenarios({
      root: suiteRoot,
      include: suiteGlobs(selected),
      context,
      reporters: [collector, progress],
      retries,
      ...(shard === undefined ? {} : { shard }),
      ...(opts.grep === undefined ? {} : { titlePattern: opts.grep }),
      log: progress.log,
    })
  } finally {
    await providers.stop()
  }
  const finished = new Date()
  let report = buildReport({
    suite: suiteInfo(),
    run: {
      id: context.runId,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      clock: context.now,
      retries,
      ...(shard === undefined ? {} : { shard }),
    },
    target: {
      name: config.name,
      kind: config.kind,
      ...(config.version === undefined ? {} : { version: config.version }),
      configHash: hash,
      ...(faults.length === 0 ? {} : { faults }),
    },
    profiles: selected,
    capabilities: context.capabilities,
    scenarios: collector.scenarios,
    errors: collector.errors,
  })
  // Expiry is judged by the wall clock: a pinned --clock must not keep an expired entry alive.
  const expectations = expectationsFile(opts, config)
  if (expectations !== undefined) report = applyExpectations(report, loadExpectations(expectations), finished)
  const history = opts.history === false ? undefined : resolve(opts.history)
  const audit = auditKey === undefined ? undefined : { vectorsDir: context.vectorsDir, ...auditKey }
  await writeAllReports(outDir, report, { trend: history === undefined ? {} : trendFor(history, report), ...(audit === undefined ? {} : { audit }) })
  if (history !== undefined) recordRun(history, prepareReport(report))
  io.stdout.write(`${summaryLine(report)}\nreports: ${outDir}\n`)
  if (audit !== undefined && audit.privateKey === undefined) {
    // A fresh key signed the bundle: its public key is what a verifier must be given out of band.
    const signature = JSON.parse(readFileSync(join(outDir, "bundle", "signature.json"), "utf8")) as BundleSignature
    io.stdout.write(`audit bundle signed with a one-time key; public key: ${signature.publicKey}\n`)
  }
  return report
}

function runContext(config: TargetConfig, selected: Profile[], opts: RunOptions, started: Date): RunContext {
  const clock = opts.clock ?? started.toISOString()
  if (Number.isNaN(Date.parse(clock))) throw new HarnessError("E_USAGE", `--clock is not an ISO 8601 time: ${clock}`, "--clock")
  return {
    runId: `${started.toISOString().replace(/[:.]/g, "")}-${process.pid}`,
    profiles: selected.filter((p) => config.profiles.includes(p)),
    capabilities: expandCapabilities(config),
    target: { name: config.name, kind: config.kind, ...(config.version === undefined ? {} : { version: config.version }), config: { ...config } },
    vectorsDir: opts.vectorsDir === undefined ? defaultVectorsDir : resolve(opts.vectorsDir),
    scenarioTimeoutMs: opts.timeout === undefined ? (config.timeouts?.scenarioMs ?? 120_000) : parseCount(opts.timeout, "--timeout"),
    now: new Date(clock).toISOString(),
  }
}

/**
 * The user's expectations file; for the built-in target, the reference provider's own documented
 * deviations (never in audit mode, which reports every failure as it is).
 */
function expectationsFile(opts: RunOptions, config: TargetConfig): string | undefined {
  if (opts.expectations !== undefined) return resolve(opts.expectations)
  return config.kind === "reference" && opts.audit !== true ? referenceDeviations : undefined
}

/** TLS file paths in a config are relative to the config file, not to where the CLI was started. */
function withAbsolutePaths(config: TargetConfig, baseDir: string): TargetConfig {
  if (config.provider === undefined) return config
  const tls = config.provider.tls
  return {
    ...config,
    provider: { ...config.provider, tls: { ca: resolve(baseDir, tls.ca), cert: resolve(baseDir, tls.cert), key: resolve(baseDir, tls.key) } },
  }
}

function summaryLine(report: RunReport): string {
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`)
  return `${report.scenarios.length} scenarios: ${counts.join(", ") || "none"} — exit ${report.exit.code} (${report.exit.reason})`
}

function parseCount(text: string, flag: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) throw new HarnessError("E_USAGE", `${flag} expects a non-negative integer, got ${JSON.stringify(text)}`, flag)
  return n
}

function parseShard(text: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  if (m === null || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw new HarnessError("E_USAGE", `--shard expects i/n with 1 ≤ i ≤ n, got ${JSON.stringify(text)}`, "--shard")
  }
  return text
}
