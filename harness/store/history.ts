import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import Database from "better-sqlite3"
import type { RunReport } from "../../reports/model.ts"
import type { TrendInput } from "../../reports/reliability.ts"
import { requirementVerdicts, type HistoryPoint } from "../../reports/trend.ts"
import type { Verdict } from "../engine/verdict.ts"

/** Where `conformance run` keeps its history unless told otherwise (relative to the working directory). */
export const defaultHistoryDb = ".conformance/history.db"

export interface RunRow extends HistoryPoint {
  target: string
  suiteVersion: string
  suiteCommit: string
  scenarios: number
  exitReason: string
}

const schema = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  started_at TEXT NOT NULL,
  suite_version TEXT NOT NULL,
  suite_commit TEXT NOT NULL,
  exit_code INTEGER NOT NULL,
  exit_reason TEXT NOT NULL,
  scenarios INTEGER NOT NULL,
  summary TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_target ON runs (target, started_at);
CREATE TABLE IF NOT EXISTS requirement_results (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  requirement TEXT NOT NULL,
  verdict TEXT NOT NULL,
  PRIMARY KEY (run_id, requirement)
);
`

/** Opens (creating if needed) the history database in WAL mode. The caller closes it. */
export function openHistory(dbFile: string): Database.Database {
  if (dbFile !== ":memory:") mkdirSync(dirname(dbFile), { recursive: true })
  const db = new Database(dbFile)
  db.pragma("journal_mode = WAL")
  db.pragma("foreign_keys = ON")
  db.exec(schema)
  return db
}

function withDb<T>(dbFile: string, fn: (db: Database.Database) => T): T {
  const db = openHistory(dbFile)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** Stores a run (replacing one with the same run ID) with its per-requirement verdicts. */
export function recordRun(dbFile: string, report: RunReport): void {
  withDb(dbFile, (db) => {
    const insertRun = db.prepare(
      `INSERT OR REPLACE INTO runs (id, target, started_at, suite_version, suite_commit, exit_code, exit_reason,
         scenarios, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const clear = db.prepare("DELETE FROM requirement_results WHERE run_id = ?")
    const insertReq = db.prepare("INSERT INTO requirement_results (run_id, requirement, verdict) VALUES (?, ?, ?)")
    db.transaction(() => {
      const { run, target, suite, exit } = report
      insertRun.run(run.id, target.name, run.startedAt, suite.version, suite.commit, exit.code, exit.reason,
        report.scenarios.length, JSON.stringify(report.summary), JSON.stringify(report))
      clear.run(report.run.id)
      for (const [id, verdict] of requirementVerdicts(report)) insertReq.run(report.run.id, id, verdict)
    })()
  })
}

interface RunRecord {
  id: string
  target: string
  started_at: string
  suite_version: string
  suite_commit: string
  exit_code: number
  exit_reason: string
  scenarios: number
  summary: string
}

const columns = "id, target, started_at, suite_version, suite_commit, exit_code, exit_reason, scenarios, summary"

function toRow(r: RunRecord): RunRow {
  return {
    runId: r.id,
    target: r.target,
    startedAt: r.started_at,
    suiteVersion: r.suite_version,
    suiteCommit: r.suite_commit,
    exitCode: r.exit_code as 0 | 1 | 2,
    exitReason: r.exit_reason,
    scenarios: r.scenarios,
    summary: JSON.parse(r.summary) as Partial<Record<Verdict, number>>,
  }
}

/** Runs, newest first, optionally of one target. */
export function listRuns(dbFile: string, options: { target?: string; limit?: number } = {}): RunRow[] {
  return withDb(dbFile, (db) => {
    const where = options.target === undefined ? "" : "WHERE target = @target"
    const params = { limit: options.limit ?? 50, ...(options.target === undefined ? {} : { target: options.target }) }
    const rows = db.prepare(`SELECT ${columns} FROM runs ${where} ORDER BY started_at DESC, id DESC LIMIT @limit`)
      .all(params) as RunRecord[]
    return rows.map(toRow)
  })
}

/** The full stored report of a run, if the store has it. */
export function loadRun(dbFile: string, runId: string): RunReport | undefined {
  return withDb(dbFile, (db) => {
    const row = db.prepare("SELECT report FROM runs WHERE id = ?").get(runId) as { report: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.report) as RunReport)
  })
}

export interface RequirementPoint {
  runId: string
  startedAt: string
  verdict: Verdict
}

/** Verdicts of one requirement across a target's runs, newest first. */
export function requirementHistory(dbFile: string, target: string, id: string, limit = 50): RequirementPoint[] {
  return withDb(dbFile, (db) =>
    db.prepare(
      `SELECT r.id AS runId, r.started_at AS startedAt, q.verdict AS verdict
       FROM requirement_results q JOIN runs r ON r.id = q.run_id
       WHERE r.target = ? AND q.requirement = ? ORDER BY r.started_at DESC, r.id DESC LIMIT ?`,
    ).all(target, id, limit) as RequirementPoint[])
}

/**
 * The trend input for a run's reports: the previous run of the same target (before this one) and the
 * target's recent runs, oldest first, for the history chart. Call it before recording the run.
 */
export function trendFor(dbFile: string, report: RunReport, limit = 20): TrendInput {
  return withDb(dbFile, (db) => {
    const earlier = "FROM runs WHERE target = ? AND id <> ? AND started_at <= ? ORDER BY started_at DESC, id DESC"
    const key = [report.target.name, report.run.id, report.run.startedAt]
    const prev = db.prepare(`SELECT report ${earlier} LIMIT 1`).get(...key) as { report: string } | undefined
    const rows = db.prepare(`SELECT ${columns} ${earlier} LIMIT ?`).all(...key, limit) as RunRecord[]
    const history = rows.map(toRow).reverse()
      .map(({ runId, startedAt, exitCode, summary }) => ({ runId, startedAt, exitCode, summary }))
    return prev === undefined ? { history } : { previous: JSON.parse(prev.report) as RunReport, history }
  })
}
