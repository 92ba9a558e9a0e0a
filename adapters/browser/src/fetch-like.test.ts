import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { abortable, toRequest } from './fetch-like.js'

describe('toRequest', () => {
  it('takes the signal out of init', () => {
    const ctrl = new AbortController()
    const [req, signal] = toRequest('http://x/api/health', {
      signal: ctrl.signal,
      headers: { a: '1' },
    })
    assert.equal(signal, ctrl.signal)
    assert.equal(req.headers.get('a'), '1')
    ctrl.abort()
    assert.equal(req.signal.aborted, false)
  })

  it('takes the signal of a Request input', () => {
    const ctrl = new AbortController()
    const [req, signal] = toRequest(new Request('http://x/', { signal: ctrl.signal }))
    ctrl.abort()
    assert.equal(signal?.aborted, true) // the Request's own signal follows the controller
    assert.equal(req.signal.aborted, false)
  })

  it('returns no signal when none was given', () => {
    const [req, signal] = toRequest(new URL('http://x/a'), { method: 'POST', body: 'b' })
    assert.equal(signal, undefined)
    assert.equal(req.method, 'POST')
  })
})

describe('abortable', () => {
  it('passes the result through without a signal', async () => {
    assert.equal(await abortable(Promise.resolve(1), undefined), 1)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const ctrl = new AbortController()
    ctrl.abort()
    await assert.rejects(abortable(new Promise(() => {}), ctrl.signal), { name: 'AbortError' })
  })

  it('rejects when the signal aborts while waiting', async () => {
    const ctrl = new AbortController()
    const pending = abortable(new Promise(() => {}), ctrl.signal)
    ctrl.abort(new Error('stop'))
    await assert.rejects(pending, { message: 'stop' })
  })

  it('keeps the work’s own rejection', async () => {
    const ctrl = new AbortController()
    await assert.rejects(abortable(Promise.reject(new Error('boom')), ctrl.signal), {
      message: 'boom',
    })
  })
})
