// The mail-based auth flows through the official SDK against a real Node server, with mails delivered
// over SMTP to a real listener on 127.0.0.1 and read back to finish each flow.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import PocketBase from 'pocketbase'
import { seedAuthRecord, startHarness, updateAuthOptions, updateSettings, type Harness } from './server-harness.test-util.js'
import { startSmtpListener, type ReceivedMail, type SmtpListener } from './smtp-listener.test-util.js'

function linkToken(mail: ReceivedMail, action: string): string {
  const m = new RegExp(`/auth/${action}/([A-Za-z0-9_\\-.]+)`).exec(mail.text)
  assert.ok(m, `no ${action} link in:\n${mail.text}`)
  return m[1]!
}

describe('auth mail flows over SMTP (SDK)', () => {
  let h: Harness
  let smtp: SmtpListener
  let pb: PocketBase

  before(async () => {
    smtp = await startSmtpListener()
    h = await startHarness()
    await updateSettings(h.app, {
      smtp: { enabled: true, host: '127.0.0.1', port: smtp.port, username: 'mailer', password: 'secret', tls: false },
      meta: { appName: 'Isotest', appURL: 'http://app.test', senderName: 'Isotest Support', senderAddress: 'support@isotest.dev' },
    })
    await seedAuthRecord(h.app, '_superusers', { email: 'root@example.com', password: 'root-pass-123' })
    await seedAuthRecord(h.app, 'users', { email: 'ann@example.com', password: 'first-pass-1', name: 'Ann <b>' })
    pb = new PocketBase(h.url)
  })
  after(async () => {
    await h?.close()
    await smtp?.close()
  })

  test('verification: request, read the mail, confirm', async () => {
    assert.equal(await pb.collection('users').requestVerification('ann@example.com'), true)
    const mail = await smtp.waitFor(1)
    assert.deepEqual(mail.to, ['ann@example.com'])
    assert.equal(mail.from, 'support@isotest.dev')
    assert.equal(mail.headers.subject, 'Verify your Isotest email')
    assert.match(mail.headers.from ?? '', /Isotest Support/)
    assert.match(mail.headers['message-id'] ?? '', /^<[A-Za-z0-9]{15}@isotest\.dev>$/)
    assert.match(mail.text, /http:\/\/app\.test\/_\/#\/auth\/confirm-verification\//)
    assert.equal(await pb.collection('users').confirmVerification(linkToken(mail, 'confirm-verification')), true)
    const auth = await pb.collection('users').authWithPassword('ann@example.com', 'first-pass-1')
    assert.equal(auth.record.verified, true)
    pb.authStore.clear()
  })

  test('password reset: request, read the mail, confirm; old sessions end', async () => {
    const session = new PocketBase(h.url)
    await session.collection('users').authWithPassword('ann@example.com', 'first-pass-1')

    await pb.collection('users').requestPasswordReset('ann@example.com')
    const mail = await smtp.waitFor(2)
    assert.equal(mail.headers.subject, 'Reset your Isotest password')
    const token = linkToken(mail, 'confirm-password-reset')
    await pb.collection('users').confirmPasswordReset(token, 'second-pass-2', 'second-pass-2')

    await assert.rejects(session.collection('users').authRefresh(), (err: { status: number }) => err.status === 401)
    await assert.rejects(pb.collection('users').authWithPassword('ann@example.com', 'first-pass-1'), (err: { status: number }) => err.status === 400)
    const auth = await pb.collection('users').authWithPassword('ann@example.com', 'second-pass-2')
    assert.equal(auth.record.email, 'ann@example.com')
    // single use
    await assert.rejects(pb.collection('users').confirmPasswordReset(token, 'third-pass-3', 'third-pass-3'), (err: { status: number }) => err.status === 400)
  })

  test('email change: request as the user, mail to the new address, confirm with the password', async () => {
    assert.ok(pb.authStore.isValid)
    await pb.collection('users').requestEmailChange('ann.new@example.com')
    const mail = await smtp.waitFor(3)
    assert.deepEqual(mail.to, ['ann.new@example.com'])
    const token = linkToken(mail, 'confirm-email-change')
    await pb.collection('users').confirmEmailChange(token, 'second-pass-2')
    // the email change rotated the token key: the stored session is gone
    await assert.rejects(pb.collection('users').authRefresh(), (err: { status: number }) => err.status === 401)
    const auth = await pb.collection('users').authWithPassword('ann.new@example.com', 'second-pass-2')
    assert.equal(auth.record.verified, true)
    pb.authStore.clear()
  })

  test('OTP: request, read the code from the mail (record fields escaped), log in', async () => {
    const otp = h.app.findCachedCollection('users')!.otp as Record<string, unknown>
    await updateAuthOptions(h.app, 'users', {
      otp: { ...otp, enabled: true, length: 6, emailTemplate: { subject: 'Code for {RECORD:name}', body: '<p>{RECORD:name}: <b>{OTP}</b></p>' } },
    })
    const { otpId } = await pb.collection('users').requestOTP('ann.new@example.com')
    const mail = await smtp.waitFor(4)
    assert.equal(mail.headers.subject, 'Code for Ann &lt;b&gt;')
    const code = /<b>(\d{6})<\/b>/.exec(mail.text)?.[1]
    assert.ok(code, mail.text)
    const auth = await pb.collection('users').authWithOTP(otpId, code)
    assert.equal(auth.record.email, 'ann.new@example.com')
    pb.authStore.clear()
  })

  test('new-login alert goes out for a new device', async () => {
    const before = smtp.mails.length
    const device = new PocketBase(h.url)
    device.beforeSend = (url, options) => {
      options.headers = { ...(options.headers as Record<string, string>), 'User-Agent': 'another-device/1.0' }
      return { url, options }
    }
    await pb.collection('users').authWithPassword('ann.new@example.com', 'second-pass-2')
    await device.collection('users').authWithPassword('ann.new@example.com', 'second-pass-2')
    const mail = await smtp.waitFor(before + 1)
    assert.equal(mail.headers.subject, 'Login from a new location')
    assert.match(mail.text, /another-device\/1\.0/)
  })

  test('settings test email (superuser) is delivered', async () => {
    const su = new PocketBase(h.url)
    await su.collection('_superusers').authWithPassword('root@example.com', 'root-pass-123')
    const before = smtp.mails.length
    assert.equal(await su.settings.testEmail('users', 'probe@example.com', 'password-reset'), true)
    const mail = await smtp.waitFor(before + 1)
    assert.deepEqual(mail.to, ['probe@example.com'])
    assert.equal(mail.headers.subject, 'Reset your Isotest password')
  })
})
