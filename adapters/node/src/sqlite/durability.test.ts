import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openNodeSqliteFile } from './node-sqlite.js'

// A real server process writes rows over HTTP and is SIGKILLed at random moments; every write it
// acknowledged must survive each restart, and the file must stay intact. Writes are autocommit inserts
// and two-statement transactions (whose halves must never be seen apart).

const ROUNDS = 6
const WRITERS = 4

const dirs: string[] = []
const children: ChildProcess[] = []
after(() => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'))
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
})

const here = (file: string) => JSON.stringify(new URL(file, import.meta.url).href)

function serverScript(dir: string): string {
  return `
    import { openNodeApp } from ${here('../node-app.js')}
    import { startServer } from ${here('../server.js')}
    const node = await openNodeApp({ dir: ${JSON.stringify(dir)} })
    const db = node.app.db()
    await db.exec('CREATE TABLE IF NOT EXISTS durability (n INTEGER PRIMARY KEY, kind TEXT NOT NULL); CREATE TABLE IF NOT EXISTS tx_pairs (n INTEGER PRIMARY KEY)')
    node.app.router.post('/__durability', async (e) => {
      const url = new URL(e.request.url)
      const n = Number(url.searchParams.get('n'))
      if (url.searchParams.get('tx') === '1') {
        await db.transaction(async (tx) => {
          await tx.run("INSERT INTO durability (n, kind) VALUES (?, 'tx')", [n])
          await tx.run('INSERT INTO tx_pairs (n) VALUES (?)', [n])
        })
      } else {
        await db.run("INSERT INTO durability (n, kind) VALUES (?, 'auto')", [n])
      }
      return new Response('ok')
    })
    const server = await startServer(node.app, '127.0.0.1', 0)
    process.stdout.write(server.url + '\\n')
  `
}

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverScript(dir)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]!
      if (out.includes('\n')) {
        resolve({ child, url: line })
      }
    })
    child.on('exit', (code) =>
      reject(new Error(`server exited (${code}) before listening: ${stderr}`)),
    )
  })
}

test('acknowledged writes survive SIGKILL at random moments', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-durability-'))
  dirs.push(dir)
  const acknowledged = new Set<number>()
  let next = 1
  for (let round = 0; round < ROUNDS; round++) {
    const { child, url } = await startChild(dir)
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    let killed = false
    // kill after a random number of acknowledged writes (plus a random few ms), so every round
    // interrupts live traffic however slow the machine is
    const killAfter = 5 + Math.floor(Math.random() * 40)
    let ackedThisRound = 0
    let reached!: () => void
    const enough = new Promise<void>((resolve) => (reached = resolve))
    const writer = async () => {
      while (!killed) {
        const n = next++
        try {
          const res = await fetch(`${url}/__durability?n=${n}&tx=${n % 3 === 0 ? 1 : 0}`, {
            method: 'POST',
          })
          if (res.status === 200 && (await res.text()) === 'ok') {
            acknowledged.add(n)
            if (++ackedThisRound === killAfter) {
              reached()
            }
          }
        } catch {
          // the server died mid-request: not acknowledged
        }
      }
    }
    const writers = Array.from({ length: WRITERS }, writer)
    await enough
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 30))
    child.kill('SIGKILL')
    killed = true
    await exited
    await Promise.all(writers)
  }
  t.diagnostic(
    `${acknowledged.size} acknowledged writes (of ${next - 1} sent) over ${ROUNDS} kills`,
  )

  // a copy, as the killed server left it (WAL included), recovers in native SQLite too
  const file = join(dir, 'data.db')
  copyFileSync(file, join(dir, 'copy.db'))
  if (existsSync(`${file}-wal`)) {
    copyFileSync(`${file}-wal`, join(dir, 'copy.db-wal'))
  }
  assert.equal(
    execFileSync('sqlite3', [join(dir, 'copy.db'), 'PRAGMA integrity_check'], {
      encoding: 'utf8',
    }).trim(),
    'ok',
  )

  const db = await openNodeSqliteFile(file)
  const present = new Set((await db.all<{ n: number }>('SELECT n FROM durability')).map((r) => r.n))
  const lost = [...acknowledged].filter((n) => !present.has(n))
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged writes were lost`)
  // transactions are all-or-nothing, acknowledged or not
  assert.deepEqual(
    await db.all(
      "SELECT d.n FROM durability d LEFT JOIN tx_pairs p ON p.n = d.n WHERE d.kind = 'tx' AND p.n IS NULL",
    ),
    [],
  )
  assert.deepEqual(
    await db.all(
      'SELECT p.n FROM tx_pairs p LEFT JOIN durability d ON d.n = p.n WHERE d.n IS NULL',
    ),
    [],
  )
  assert.deepEqual(await db.get('PRAGMA integrity_check'), { integrity_check: 'ok' })
  await db.close()
  assert.equal(
    execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(),
    'ok',
  )
})
