import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fingerprint } from './classify.js'
import { runSqliteCli } from './setups/sqlite-cli.js'
import { makeTempDir, removeTempDir } from './temp-dirs.js'

test('fingerprint sees data and file changes, not logs or generated files', async () => {
  const dir = makeTempDir('isobase-conformance-fp-')
  try {
    await runSqliteCli(join(dir, 'data.db'), "CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x');")
    await runSqliteCli(join(dir, 'auxiliary.db'), 'CREATE TABLE _logs (a TEXT);')
    mkdirSync(join(dir, 'storage'))
    writeFileSync(join(dir, 'storage', 'f.txt'), 'one')
    const base = await fingerprint(dir)
    assert.equal(await fingerprint(dir), base, 'stable')

    await runSqliteCli(join(dir, 'auxiliary.db'), "INSERT INTO _logs VALUES ('request');")
    writeFileSync(join(dir, 'types.d.ts'), 'generated')
    assert.equal(await fingerprint(dir), base, 'request logs and types.d.ts are ignored')

    writeFileSync(join(dir, 'storage', 'f.txt'), 'two')
    const changedFile = await fingerprint(dir)
    assert.notEqual(changedFile, base, 'a stored file changed')

    await runSqliteCli(join(dir, 'data.db'), "UPDATE t SET a = 'y';")
    assert.notEqual(await fingerprint(dir), changedFile, 'a row changed')
  } finally {
    removeTempDir(dir)
  }
})
