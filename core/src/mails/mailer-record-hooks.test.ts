import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import type { App } from '../app.js'
import { call, createAuthRecord, newAuthTestApp, type AuthTestApp } from '../apis/record-auth.test-util.js'
import type { TaggedHook } from '../hooks/hook.js'
import type { RecordModel } from '../records/record-model.js'
import type { MailerRecordEvent } from './mailer-record-hooks.js'
import {
  sendRecordAuthAlert,
  sendRecordChangeEmail,
  sendRecordOTP,
  sendRecordPasswordReset,
  sendRecordVerification,
} from './record-mails.js'

interface Scenario {
  name: string
  hook: (app: App, ...tags: string[]) => TaggedHook<MailerRecordEvent>
  send: (app: App, record: RecordModel) => Promise<unknown>
  meta: string[]
}

const SCENARIOS: Scenario[] = [
  {
    name: 'verification',
    hook: (app, ...tags) => app.onMailerRecordVerificationSend(...tags),
    send: (app, r) => sendRecordVerification(app, r),
    meta: ['token'],
  },
  {
    name: 'password reset',
    hook: (app, ...tags) => app.onMailerRecordPasswordResetSend(...tags),
    send: (app, r) => sendRecordPasswordReset(app, r),
    meta: ['token'],
  },
  {
    name: 'email change',
    hook: (app, ...tags) => app.onMailerRecordEmailChangeSend(...tags),
    send: (app, r) => sendRecordChangeEmail(app, r, 'new@example.com'),
    meta: ['newEmail', 'token'],
  },
  {
    name: 'otp',
    hook: (app, ...tags) => app.onMailerRecordOTPSend(...tags),
    send: (app, r) => sendRecordOTP(app, r, 'otp-id', '123456'),
    meta: ['otpId', 'password'],
  },
  {
    name: 'auth alert',
    hook: (app, ...tags) => app.onMailerRecordAuthAlertSend(...tags),
    send: (app, r) => sendRecordAuthAlert(app, r, '<ip> agent'),
    meta: ['info'],
  },
]

for (const s of SCENARIOS) {
  describe(`${s.name} mail hook`, () => {
    let t: AuthTestApp
    let ann: RecordModel
    beforeEach(async () => {
      t = await newAuthTestApp()
      ann = await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123' })
    })
    afterEach(() => t.close())

    test('fires for the record collection with the rendered message and meta', async () => {
      const seen: string[] = []
      s.hook(t.app, 'users').bindFunc(async (e) => {
        seen.push(`${e.record.id} ${Object.keys(e.meta).sort().join(',')} ${e.message.subject !== ''}`)
        await e.next()
      })
      s.hook(t.app, '_superusers').bindFunc(() => {
        seen.push('wrong tag')
      })
      await s.send(t.app, ann)
      assert.deepEqual(seen, [`${ann.id} ${s.meta.join(',')} true`])
      assert.equal(t.mailer.messages.length, 1)
    })

    test('a handler can change the message or send nothing', async () => {
      const id = s.hook(t.app).bindFunc(async (e) => {
        e.message.subject = 'changed'
        await e.next()
      })
      await s.send(t.app, ann)
      assert.equal(t.mailer.lastMessage()?.subject, 'changed')

      s.hook(t.app).unbind(id)
      s.hook(t.app, ann.collection.id).bindFunc(() => {})
      await s.send(t.app, ann)
      assert.equal(t.mailer.messages.length, 1)
    })
  })
}

describe('mail hooks and the send flows', () => {
  let t: AuthTestApp
  let ann: RecordModel
  beforeEach(async () => {
    t = await newAuthTestApp()
    ann = await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123' })
  })
  afterEach(() => t.close())

  test('otp: the address returned (stored as the OTP sentTo) is the one a handler chose', async () => {
    t.app.onMailerRecordOTPSend().bindFunc(async (e) => {
      e.message.to = [{ address: 'other@example.com' }]
      await e.next()
    })
    assert.equal(await sendRecordOTP(t.app, ann, 'otp-id', '123456'), 'other@example.com')
  })

  test('the app-wide onMailerSend runs inside the record hook chain', async () => {
    const order: string[] = []
    t.app.onMailerRecordVerificationSend().bindFunc(async (e) => {
      order.push('record:before')
      await e.next()
      order.push('record:after')
    })
    t.app.onMailerSend().bindFunc(async (e) => {
      order.push('send')
      await e.next()
    })
    const res = await call(t.app, 'POST', '/api/collections/users/request-verification', { email: 'ann@example.com' })
    assert.equal(res.status, 204)
    for (let i = 0; i < 100 && order.length < 3; i++) await new Promise((r) => setTimeout(r, 10))
    assert.deepEqual(order, ['record:before', 'send', 'record:after'])
  })
})
