import { spawn } from 'node:child_process'

/** The fixture superuser's auth token (`sywbhecnh46rhm0`, valid until 2049). */
export const SUPERUSER_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InN5d2JoZWNuaDQ2cmhtMCIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoicGJjXzMxNDI2MzU4MjMiLCJleHAiOjI1MjQ2MDQ0NjEsInJlZnJlc2hhYmxlIjp0cnVlfQ.UXgO3j-0BumcugrFjbd7j0M4MQvbrLggLlcu_YNGjoY'

/**
 * Runs the `sqlite3` CLI on a database file with SQL on stdin and returns its stdout.
 * `-bail` stops at the first error, which then rejects with sqlite3's message.
 */
export function runSqliteCli(dbPath: string, sql: string, json = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['-bail', ...(json ? ['-json'] : []), dbPath]
    const child = spawn('sqlite3', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('error', (e) => reject(new Error(`cannot run sqlite3: ${e.message}`)))
    child.on('close', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`sqlite3 failed (${code}): ${err.trim()}`))
    })
    // note: busy_timeout lets edits wait if a running server holds a write lock
    child.stdin.end(`.timeout 5000\n${sql}\n`)
  })
}

/** Quotes a value as an SQL string literal (setups only ever pass their own constants). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
