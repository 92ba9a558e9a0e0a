import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BroadcastMailer, MAILS_CHANNEL, type BroadcastMail } from './broadcast-mailer.js'
import { htmlToText } from './html-to-text.js'
import { MemoryMailer } from './mailer.js'
import { escapeHtml } from './record-mails.js'

const smtp = { enabled: false, port: 0, host: '', username: '', password: '', authMethod: '', tls: false, localName: '' }
const msg = (subject: string) => ({ from: { address: 'a@b.c' }, to: [{ address: 'x@y.z' }], subject, html: '<p>hi</p>' })

test('MemoryMailer keeps the last messages and notifies listeners', async () => {
  const m = new MemoryMailer(2)
  const seen: string[] = []
  const off = m.onSend((x) => seen.push(x.subject))
  for (const s of ['1', '2', '3']) await m.send(msg(s), { smtp })
  off()
  await m.send(msg('4'), { smtp })
  assert.deepEqual(m.messages.map((x) => x.subject), ['3', '4'])
  assert.deepEqual(seen, ['1', '2', '3'])
})

test('BroadcastMailer posts each message on its channel', async () => {
  const listener = new BroadcastChannel(MAILS_CHANNEL)
  const received = new Promise<BroadcastMail>((resolve) => {
    listener.onmessage = (e: { data: unknown }) => resolve(e.data as BroadcastMail)
  })
  const m = new BroadcastMailer()
  try {
    await m.send({ ...msg('hello'), attachments: { 'a.txt': new Uint8Array([1]) } }, { smtp })
    const got = await received
    assert.equal(got.type, 'mail')
    assert.equal(got.message.subject, 'hello')
    assert.deepEqual(got.message.attachments, ['a.txt'])
    assert.equal(m.lastMessage()?.subject, 'hello')
  } finally {
    m.close()
    listener.close()
  }
})

test('htmlToText follows PocketBase: blocks on new lines, links as [text](href), skipped elements', () => {
  const cases: [string, string][] = [
    ['<p>Hello,</p><p>Click <a href="http://x/y?a=1&amp;b=2">here</a> now</p>', 'Hello,\r\nClick [here](http://x/y?a=1&b=2) now'],
    ['<style>p{}</style><ul><li>one</li><li>two</li></ul>', '- one\r\n- two'],
    ['a<br/>b &lt;c&gt; &#39;d&#39;', "a\r\nb <c> 'd'"],
    ['<a href="">  </a>', '[LINK]'],
    ['<p>  spaced   out\n text </p><script>alert(1)</script>', 'spaced out text'],
  ]
  for (const [html, text] of cases) {
    assert.equal(htmlToText(html), text, html)
  }
})

test('escapeHtml matches Go html.EscapeString', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;')
})
