import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findRateLimitRule } from './rate-limit.js'

const rule = (label: string, audience = '') => ({ label, audience, duration: 1, maxRequests: 1 })

test('findRateLimitRule: label order, exact before prefix, audiences', () => {
  const rules = [rule('/api/'), rule('*:auth'), rule('users:authWithPassword', '@guest'), rule('POST /api/collections/x/auth-with-password')]
  const labels = ['users:authWithPassword', 'users:auth', '*:authWithPassword', '*:auth', 'POST /api/collections/x/auth-with-password', '/api/collections/x/auth-with-password']
  assert.equal(findRateLimitRule(rules, labels, ['', '@guest'])?.label, 'users:authWithPassword')
  assert.equal(findRateLimitRule(rules, labels, ['', '@auth'])?.label, '*:auth')
  assert.equal(findRateLimitRule(rules, ['GET /api/health', '/api/health'], ['', '@guest'])?.label, '/api/')
  assert.equal(findRateLimitRule(rules, ['GET /other', '/other'], ['', '@guest']), undefined)
  // a prefix rule with a method
  assert.equal(findRateLimitRule([rule('GET /api/')], ['GET /api/x', '/api/x'])?.label, 'GET /api/')
  assert.equal(findRateLimitRule([rule('GET /api/')], ['POST /api/x', '/api/x']), undefined)
})
