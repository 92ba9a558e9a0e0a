import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { FilterError } from '../filter/filter-error.js'
import { EXEC_CASES } from './record-field-resolver-exec-cases.test-util.js'
import {
  fixtureDataDb,
  listIds,
  openFixture,
  type Fixture,
} from './record-field-resolver.test-util.js'

const skip = fixtureDataDb()
  ? false
  : 'the PocketBase fixture (conformance data) is not on this machine'

describe(
  'record filters on the PocketBase fixture (wa-sqlite), settled on PocketBase v0.39.11',
  { skip },
  () => {
    let fx: Fixture
    before(async () => {
      fx = (await openFixture())!
    })
    after(async () => {
      await fx?.close()
    })

    for (const c of EXEC_CASES) {
      test(c.name, async () => {
        const run = () =>
          listIds(fx, {
            collection: c.collection,
            as: c.as,
            ...(c.filter !== undefined ? { filter: c.filter } : {}),
            ...(c.sort !== undefined ? { sort: c.sort } : {}),
            ...(c.rule !== undefined ? { rule: c.rule } : {}),
          })
        if (typeof c.expected === 'number') {
          await assert.rejects(
            run,
            (err: unknown) => err instanceof FilterError && err.status === c.expected,
          )
        } else {
          assert.deepEqual(await run(), c.expected)
        }
      })
    }
  },
)
