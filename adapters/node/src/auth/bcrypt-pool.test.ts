import assert from 'node:assert/strict'
import { test } from 'node:test'
import bcrypt from 'bcryptjs'
import { inThreadPasswordHasher, passwordHasher } from '@isobase/core'
import { BcryptPool, sharedBcryptPool } from './bcrypt-pool.js'

// made by PocketBase v0.39.11 (Go's x/crypto/bcrypt) for test@example.com in the conformance fixture
const GO_HASH = '$2a$13$uULN32dHTkWQIALJP1N54.22HW/K9/qkXqcmsfz2hOA1wGeuUDbfG'

test('BcryptPool: hashes in a worker thread that bcryptjs and the pool itself accept', async () => {
  const pool = new BcryptPool(2)
  try {
    const hash = await pool.hash('s3cret-pass', 4)
    assert.match(hash, /^\$2[ab]\$04\$[./A-Za-z0-9]{53}$/)
    assert.equal(pool.threads, 1)
    assert.equal(bcrypt.compareSync('s3cret-pass', hash), true)
    assert.equal(await pool.compare('s3cret-pass', hash), true)
    assert.equal(await pool.compare('s3cret-pasS', hash), false)
    assert.notEqual(await pool.hash('s3cret-pass', 4), hash, 'a fresh salt per hash')
  } finally {
    await pool.close()
  }
})

test("BcryptPool: checks Go's $2a$ hashes; a malformed hash is no match", async () => {
  const pool = new BcryptPool(1)
  try {
    const cases: [string, string, string, boolean][] = [
      ['Go hash, right password', '1234567890', GO_HASH, true],
      ['Go hash, wrong password', '1234567891', GO_HASH, false],
      ['60 chars, bad salt', 'x', '$2a$10$' + '!'.repeat(53), false],
      ['short', 'x', '$2a$10$abc', false],
    ]
    for (const [name, plain, hash, want] of cases) {
      assert.equal(await pool.compare(plain, hash), want, name)
      assert.equal(await inThreadPasswordHasher.compare(plain, hash), want, `${name} (in-thread)`)
    }
  } finally {
    await pool.close()
  }
})

test('BcryptPool: concurrent jobs spread over at most `size` threads, each answered with its own result', async () => {
  const pool = new BcryptPool(2)
  try {
    const plains = ['a1', 'b2', 'c3', 'd4', 'e5']
    const hashes = await Promise.all(plains.map((p) => pool.hash(p, 4)))
    assert.equal(pool.threads, 2)
    const checks = await Promise.all(plains.map((p, i) => pool.compare(p, hashes[(i + 1) % plains.length]!)))
    assert.deepEqual(checks, [false, false, false, false, false])
    assert.deepEqual(await Promise.all(plains.map((p, i) => pool.compare(p, hashes[i]!))), [true, true, true, true, true])
  } finally {
    await pool.close()
  }
})

test('BcryptPool: without a worker entry (a bundle) or after close, bcrypt runs in-thread', async () => {
  const bundled = new BcryptPool(2, null)
  const hash = await bundled.hash('pw', 4)
  assert.equal(bundled.threads, 0)
  assert.equal(await bundled.compare('pw', hash), true)
  const closed = new BcryptPool(2)
  await closed.close()
  assert.equal(await closed.compare('pw', await closed.hash('pw', 4)), true)
  assert.equal(closed.threads, 0)
})

test('BcryptPool: a worker entry that cannot load falls back in-thread for the job in flight', async () => {
  const pool = new BcryptPool(1, new URL('data:text/javascript,throw new Error("boom")'))
  try {
    assert.equal(await pool.compare('1234567890', await pool.hash('1234567890', 4)), true)
  } finally {
    await pool.close()
  }
})

test('BcryptPool: idle workers exit (their memory goes back) and the next job starts one again', async () => {
  const pool = new BcryptPool(2, undefined, 30)
  try {
    const hash = await pool.hash('pw', 4)
    assert.equal(pool.threads, 1)
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(pool.threads, 0)
    assert.equal(await pool.compare('pw', hash), true)
    assert.equal(pool.threads, 1)
  } finally {
    await pool.close()
  }
})

test('the Node platform hands the shared pool to core', async () => {
  const { nodePlatform } = await import('../node-app.js')
  const { createApp } = await import('@isobase/core')
  const platform = nodePlatform('/nonexistent-isobase-test-dir', false)
  assert.equal(platform.passwordHasher, sharedBcryptPool())
  const before = passwordHasher()
  try {
    createApp(platform)
    assert.equal(passwordHasher(), sharedBcryptPool())
  } finally {
    const { setPasswordHasher } = await import('@isobase/core')
    setPasswordHasher(before)
  }
})
