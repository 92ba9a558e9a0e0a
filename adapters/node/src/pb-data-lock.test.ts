import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { PB_DATA_LOCK_FILE, PbDataLockedError, acquirePbDataLock } from './pb-data-lock.js'

const dirs: string[] = []
const children: ChildProcess[] = []
after(() => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'))
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-lock-'))
  dirs.push(dir)
  return dir
}

const LOCK_MODULE = JSON.stringify(new URL('./pb-data-lock.js', import.meta.url).href)

/** Starts a child that tries to take the lock; resolves with its first output line ("locked" or the error). */
function lockInChild(
  dir: string,
  then: 'hold' | 'exit' = 'hold',
): Promise<{ child: ChildProcess; line: string }> {
  const script = `
    import { acquirePbDataLock } from ${LOCK_MODULE}
    try {
      acquirePbDataLock(${JSON.stringify(dir)})
      process.stdout.write('locked\\n')
      ${then === 'hold' ? 'setInterval(() => {}, 1000)' : ''}
    } catch (err) {
      process.stdout.write('error: ' + err.message + '\\n')
    }
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) {
        resolve({ child, line: out.split('\n')[0]! })
      }
    })
    child.on(
      'exit',
      (code) => out.includes('\n') || reject(new Error(`child exited (${code}) without output`)),
    )
  })
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.on('exit', () => resolve()))
}

describe('pb_data lock', () => {
  test('a live process keeps others out with a one-line message', async () => {
    const dir = tempDir()
    const { child, line } = await lockInChild(dir)
    assert.equal(line, 'locked')
    assert.throws(
      () => acquirePbDataLock(dir),
      (err: unknown) => {
        assert.ok(err instanceof PbDataLockedError)
        assert.equal(
          err.message,
          `pb_data at ${dir} is in use by another isobase process (pid ${child.pid})`,
        )
        assert.equal(err.pid, child.pid)
        return true
      },
    )
    child.kill('SIGKILL')
    await exited(child)
  })

  test('a lock left by a killed process is taken over', async () => {
    const dir = tempDir()
    const { child, line } = await lockInChild(dir)
    assert.equal(line, 'locked')
    child.kill('SIGKILL')
    await exited(child)
    assert.equal(JSON.parse(readFileSync(join(dir, PB_DATA_LOCK_FILE), 'utf8')).pid, child.pid)
    const lock = acquirePbDataLock(dir)
    assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid)
    // and the new owner now keeps children out
    assert.match(
      (await lockInChild(dir)).line,
      new RegExp(
        `^error: pb_data at .* is in use by another isobase process \\(pid ${process.pid}\\)$`,
      ),
    )
    lock.release()
    assert.equal(existsSync(lock.path), false)
  })

  test('stale lock files are taken over', async () => {
    const cases: Array<[string, string]> = [
      ['garbage', 'not json'],
      ['empty', ''],
      [
        'a reused pid (same pid, other start time)',
        JSON.stringify({ pid: process.pid, startTicks: '1', nonce: 'old' }),
      ],
      [
        'another boot',
        JSON.stringify({ pid: process.pid, bootId: 'some-earlier-boot', nonce: 'old' }),
      ],
    ]
    for (const [name, content] of cases) {
      const dir = tempDir()
      writeFileSync(join(dir, PB_DATA_LOCK_FILE), content)
      const lock = acquirePbDataLock(dir)
      assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid, name)
      lock.release()
    }
  })

  test('the same process cannot take it twice; release lets it in again', () => {
    const dir = tempDir()
    const lock = acquirePbDataLock(dir)
    assert.throws(() => acquirePbDataLock(dir), {
      message: `pb_data at ${dir} is already open in this process`,
    })
    lock.release()
    lock.release()
    const again = acquirePbDataLock(dir)
    again.release()
    assert.equal(existsSync(join(dir, PB_DATA_LOCK_FILE)), false)
  })

  test('a normal exit removes the lock', async () => {
    const dir = tempDir()
    const { child, line } = await lockInChild(dir, 'exit')
    assert.equal(line, 'locked')
    await exited(child)
    assert.equal(existsSync(join(dir, PB_DATA_LOCK_FILE)), false)
  })

  test('processes racing for a stale lock: exactly one wins', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, PB_DATA_LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 1, nonce: 'dead' }))
    const results = await Promise.all([
      lockInChild(dir),
      lockInChild(dir),
      lockInChild(dir),
      lockInChild(dir),
    ])
    const winners = results.filter((r) => r.line === 'locked')
    assert.equal(winners.length, 1, results.map((r) => r.line).join(' | '))
    for (const r of results) {
      if (r !== winners[0]) {
        assert.equal(
          r.line,
          `error: pb_data at ${dir} is in use by another isobase process (pid ${winners[0]!.child.pid})`,
        )
      }
    }
    for (const r of results) {
      r.child.kill('SIGKILL')
      await exited(r.child)
    }
  })
})
