import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import type { App } from '../app.js'
import { validateRecordPassword } from '../auth/auth-record.js'
import type { RecordAuthFlowRequestEvent } from '../auth/auth-request-events.js'
import { createOTP, findAllOTPsByRecord, findOTPById } from '../auth/otp.js'
import {
  newAuthToken,
  newEmailChangeToken,
  newPasswordResetToken,
  newVerificationToken,
} from '../auth/record-tokens.js'
import type { TaggedHook } from '../hooks/hook.js'
import { badRequest } from '../http/api-error.js'
import type { RecordModel } from '../records/record-model.js'
import { findRecordById } from '../records/record-query.js'
import {
  call,
  createAuthRecord,
  newAuthTestApp,
  patchCollection,
  settle,
  type AuthTestApp,
} from './record-auth.test-util.js'

/** What a scenario's request needs, prepared on a fresh app with the user `ann`. */
interface Prepared {
  body: unknown
  headers?: Record<string, string>
  /** Whether the endpoint's lasting effect happened (mail sent, record changed, OTP used…). */
  effect?: () => Promise<boolean>
}

interface Scenario {
  endpoint: string
  hook: (app: App, ...tags: string[]) => TaggedHook<RecordAuthFlowRequestEvent>
  status: number
  prepare: (t: AuthTestApp, ann: RecordModel) => Promise<Prepared>
  /** Whether the effect is undone when a handler's transaction rolls back (mails sent inline are not). */
  rollsBack: boolean
}

const hookOf =
  (name: keyof App) =>
  (app: App, ...tags: string[]) =>
    (app[name] as unknown as (...tags: string[]) => TaggedHook<RecordAuthFlowRequestEvent>).call(app, ...tags)

const mailSent = (t: AuthTestApp) => async () => t.mailer.messages.length > 0
const bearer = async (t: AuthTestApp, ann: RecordModel) => ({ Authorization: await newAuthToken(t.app, ann) })
const enableOTP = async (t: AuthTestApp) => {
  const otp = (t.app.findCachedCollection('users')!.otp ?? {}) as Record<string, unknown>
  await patchCollection(t.app, 'users', { otp: { ...otp, enabled: true } })
}

const SCENARIOS: Scenario[] = [
  {
    endpoint: 'auth-with-password',
    hook: hookOf('onRecordAuthWithPasswordRequest'),
    status: 200,
    rollsBack: true,
    prepare: async () => ({ body: { identity: 'ann@example.com', password: 'secret-123' } }),
  },
  {
    endpoint: 'auth-with-otp',
    hook: hookOf('onRecordAuthWithOTPRequest'),
    status: 200,
    rollsBack: true,
    prepare: async (t, ann) => {
      await enableOTP(t)
      const otp = await createOTP(t.app, ann, '123456')
      return {
        body: { otpId: otp.id, password: '123456' },
        effect: async () => (await findOTPById(t.app, otp.id)) === undefined,
      }
    },
  },
  {
    endpoint: 'auth-refresh',
    hook: hookOf('onRecordAuthRefreshRequest'),
    status: 200,
    rollsBack: true,
    prepare: async (t, ann) => ({ body: {}, headers: await bearer(t, ann) }),
  },
  {
    endpoint: 'request-otp',
    hook: hookOf('onRecordRequestOTPRequest'),
    status: 200,
    rollsBack: true,
    prepare: async (t, ann) => {
      await enableOTP(t)
      return {
        body: { email: 'ann@example.com' },
        effect: async () => (await findAllOTPsByRecord(t.app, ann)).length > 0 || t.mailer.messages.length > 0,
      }
    },
  },
  {
    endpoint: 'request-password-reset',
    hook: hookOf('onRecordRequestPasswordResetRequest'),
    status: 204,
    rollsBack: true,
    prepare: async (t) => ({ body: { email: 'ann@example.com' }, effect: mailSent(t) }),
  },
  {
    endpoint: 'confirm-password-reset',
    hook: hookOf('onRecordConfirmPasswordResetRequest'),
    status: 204,
    rollsBack: true,
    prepare: async (t, ann) => ({
      body: { token: await newPasswordResetToken(t.app, ann), password: 'changed-123', passwordConfirm: 'changed-123' },
      effect: async () => validateRecordPassword((await findRecordById(t.app, 'users', ann.id))!, 'changed-123'),
    }),
  },
  {
    endpoint: 'request-verification',
    hook: hookOf('onRecordRequestVerificationRequest'),
    status: 204,
    rollsBack: true,
    prepare: async (t) => ({ body: { email: 'ann@example.com' }, effect: mailSent(t) }),
  },
  {
    endpoint: 'confirm-verification',
    hook: hookOf('onRecordConfirmVerificationRequest'),
    status: 204,
    rollsBack: true,
    prepare: async (t, ann) => ({
      body: { token: await newVerificationToken(t.app, ann) },
      effect: async () => (await findRecordById(t.app, 'users', ann.id))!.getBool('verified'),
    }),
  },
  {
    endpoint: 'request-email-change',
    hook: hookOf('onRecordRequestEmailChangeRequest'),
    status: 204,
    // note: as in PocketBase, the confirmation mail is sent inline, inside the handler's transaction
    rollsBack: false,
    prepare: async (t, ann) => ({ body: { newEmail: 'new@example.com' }, headers: await bearer(t, ann), effect: mailSent(t) }),
  },
  {
    endpoint: 'confirm-email-change',
    hook: hookOf('onRecordConfirmEmailChangeRequest'),
    status: 204,
    rollsBack: true,
    prepare: async (t, ann) => ({
      body: { token: await newEmailChangeToken(t.app, ann, 'new@example.com'), password: 'secret-123' },
      effect: async () => (await findRecordById(t.app, 'users', ann.id))!.getString('email') === 'new@example.com',
    }),
  },
]

/** Polls `check` for up to ~1 s (background mails); a `false` answer is confirmed after a pause. */
async function effectHappened(check: () => Promise<boolean>, expected: boolean): Promise<boolean> {
  if (!expected) {
    await settle()
    return check()
  }
  for (let i = 0; i < 100; i++) {
    if (await check()) return true
    await settle(10)
  }
  return false
}

for (const s of SCENARIOS) {
  describe(`${s.endpoint} request hook`, () => {
    let t: AuthTestApp
    let ann: RecordModel
    let prepared: Prepared
    const send = () => call(t.app, 'POST', `/api/collections/users/${s.endpoint}`, prepared.body, prepared.headers)

    beforeEach(async () => {
      t = await newAuthTestApp()
      ann = await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123' })
      prepared = await s.prepare(t, ann)
    })
    afterEach(() => t.close())

    test('fires once for its collection, with the record; the default action answers', async () => {
      const seen: string[] = []
      s.hook(t.app, 'users').bindFunc(async (e) => {
        seen.push(`${e.collection.name}:${(e as { record?: RecordModel }).record?.id}`)
        await e.next()
      })
      s.hook(t.app, '_superusers').bindFunc(() => {
        seen.push('wrong tag')
      })
      const res = await send()
      assert.equal(res.status, s.status, JSON.stringify(res.json))
      assert.deepEqual(seen, [`users:${ann.id}`])
      if (prepared.effect) {
        assert.equal(await effectHappened(prepared.effect, true), true, 'effect of the default action')
      }
    })

    test('a handler that fails without e.next() replaces the outcome', async () => {
      s.hook(t.app).bindFunc(() => {
        throw badRequest('blocked by a hook')
      })
      const res = await send()
      assert.equal(res.status, 400)
      assert.equal(res.json.message, 'Blocked by a hook.')
      if (prepared.effect) {
        assert.equal(await effectHappened(prepared.effect, false), false, 'no effect')
      }
    })

    test('the default action runs in a handler transaction: its answer and writes go with it', async () => {
      s.hook(t.app, ann.collection.id).bindFunc(async (e) => {
        const original = e.app
        await e.app.runInTransaction(async (txApp) => {
          e.app = txApp
          try {
            await e.next()
          } finally {
            e.app = original
          }
          throw badRequest('TX_ERROR')
        })
      })
      const res = await send()
      assert.equal(res.status, 400)
      assert.equal(res.json.message, 'TX_ERROR.')
      if (prepared.effect && s.rollsBack) {
        assert.equal(await effectHappened(prepared.effect, false), false, 'rolled back')
      }
    })
  })
}

describe('auth request hooks can change the data the default action uses', () => {
  let t: AuthTestApp
  beforeEach(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123' })
  })
  afterEach(() => t.close())

  test('auth-with-password: a handler may swap the password being checked', async () => {
    t.app.onRecordAuthWithPasswordRequest('users').bindFunc(async (e) => {
      e.password = 'secret-123'
      await e.next()
    })
    const res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'ann@example.com',
      password: 'wrong-password',
    })
    assert.equal(res.status, 200)
    assert.equal(res.json.record.email, 'ann@example.com')
  })

  test('request-email-change: a handler may redirect the confirmation mail', async () => {
    const ann = (await findRecordById(t.app, 'users', (await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'ann@example.com',
      password: 'secret-123',
    })).json.record.id))!
    t.app.onRecordRequestEmailChangeRequest().bindFunc(async (e) => {
      e.newEmail = 'other@example.com'
      await e.next()
    })
    const res = await call(
      t.app,
      'POST',
      '/api/collections/users/request-email-change',
      { newEmail: 'new@example.com' },
      { Authorization: await newAuthToken(t.app, ann) },
    )
    assert.equal(res.status, 204)
    assert.deepEqual(t.mailer.lastMessage()?.to, [{ address: 'other@example.com' }])
  })
})
