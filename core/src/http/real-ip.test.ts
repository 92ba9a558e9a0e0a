import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expandIP, isIPInList, realIP } from './real-ip.js'

test('expandIP writes Go StringExpanded forms', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '0000:0000:0000:0000:0000:0000:0000:0001'],
    ['2001:db8::ff00:42:8329', '2001:0db8:0000:0000:0000:ff00:0042:8329'],
    ['::ffff:10.0.0.1', '0000:0000:0000:0000:0000:ffff:0a00:0001'],
    ['256.1.1.1', ''],
    ['01.2.3.4', ''],
    ['fe80::1%eth0', ''],
    ['nope', ''],
  ]
  for (const [input, out] of cases) assert.equal(expandIP(input), out, input)
})

test('isIPInList matches IPs and CIDR prefixes of the same family', () => {
  const list = ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32']
  assert.equal(isIPInList(list, '10.200.3.4'), true)
  assert.equal(isIPInList(list, '11.0.0.1'), false)
  assert.equal(isIPInList(list, '192.168.1.7'), true)
  assert.equal(isIPInList(list, '192.168.1.8'), false)
  assert.equal(isIPInList(list, '2001:db8:1::5'), true)
  assert.equal(isIPInList(list, '2001:db9::5'), false)
  assert.equal(isIPInList([], '10.0.0.1'), false)
  assert.equal(isIPInList(list, ''), false)
})

test('realIP: trusted proxy header (rightmost or leftmost valid IP), else the socket address', () => {
  const req = new Request('http://x/', { headers: { 'x-forwarded-for': 'garbage, 1.1.1.1, 2.2.2.2 ,bad' } })
  assert.equal(realIP(req, '9.9.9.9', { headers: [], useLeftmostIP: false }), '9.9.9.9')
  assert.equal(realIP(req, '9.9.9.9', { headers: ['X-Forwarded-For'], useLeftmostIP: false }), '2.2.2.2')
  assert.equal(realIP(req, '9.9.9.9', { headers: ['X-Forwarded-For'], useLeftmostIP: true }), '1.1.1.1')
  assert.equal(realIP(req, '9.9.9.9', { headers: ['x-missing'], useLeftmostIP: false }), '9.9.9.9')
  assert.equal(realIP(req, '::ffff:127.0.0.1', { headers: [], useLeftmostIP: false }), '127.0.0.1')
})
