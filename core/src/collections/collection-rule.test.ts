import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createApp, type App } from '../app.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { validateRule } from './collection-rule.js'

// the raw errors PocketBase v0.39.11 puts after "Invalid rule. Raw error: " for rules of `users`
// (read from the reference binary)
const CASES: { rule: string; error: string | undefined }[] = [
  { rule: "name = 'x'", error: undefined },
  { rule: 'nosuchfield = 1', error: 'invalid left operand "nosuchfield" - unknown field "nosuchfield"' },
  { rule: '1 = nosuchfield', error: 'invalid right operand "nosuchfield" - unknown field "nosuchfield"' },
  { rule: "name ~ 'a' && nope > 2", error: 'invalid left operand "nope" - unknown field "nope"' },
  {
    rule: '@collection.nope.id = id',
    error:
      'invalid left operand "@collection.nope.id" - failed to load collection "nope" from field path "@collection.nope.id"',
  },
  { rule: 'geoDistance(1) > 1', error: 'invalid left operand "geoDistance" - [geoDistance] expected 4 arguments, got 1' },
  { rule: 'strftime() = 1', error: 'invalid left operand "strftime" - [strftime] expected at least 1 arguments, got 0' },
  { rule: 'nope:lower = 1', error: 'invalid left operand "nope:lower" - unknown field "nope"' },
  { rule: 'name:nope = 1', error: 'invalid left operand "name:nope" - unknown modifier in "name:nope"' },
  { rule: '@request.body.x:isset = nope', error: 'invalid right operand "nope" - unknown field "nope"' },
  // not operand errors: as they are
  { rule: 'name = ', error: 'invalid or incomplete filter expression' },
  { rule: '"a" = "b" && (x = 1', error: 'invalid formatted group - missing 1 closing bracket(s)' },
]

describe('API rule validation errors', () => {
  let app: App
  before(async () => {
    app = createApp({ sqlite: memorySqliteOpener() })
    await app.bootstrap()
  })
  after(() => app.close())

  for (const c of CASES) {
    test(c.rule, () => {
      const users = app.findCachedCollection('users')!
      assert.equal(validateRule(app, users, c.rule), c.error)
    })
  }
})
