import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SseParser, type SseEvent } from './sse-parser.js'

function parse(chunks: string[]): { events: SseEvent[]; retries: number[] } {
  const events: SseEvent[] = []
  const retries: number[] = []
  const parser = new SseParser({ event: (e) => events.push(e), retry: (ms) => retries.push(ms) })
  const enc = new TextEncoder()
  for (const c of chunks) {
    parser.push(enc.encode(c))
  }
  parser.end()
  return { events, retries }
}

describe('SseParser', () => {
  const cases: { name: string; chunks: string[]; events: SseEvent[]; retries?: number[] }[] = [
    {
      name: 'a PocketBase frame',
      chunks: ['id:abc\nevent:PB_CONNECT\ndata:{"clientId":"abc"}\n\n'],
      events: [{ type: 'PB_CONNECT', data: '{"clientId":"abc"}', lastEventId: 'abc' }],
    },
    {
      name: 'frames split at every byte boundary, CRLF and CR line ends',
      chunks: [...'event: a\r\ndata: 1\r\n\r\ndata:2\rdata:3\r\r'],
      events: [
        { type: 'a', data: '1', lastEventId: '' },
        { type: 'message', data: '2\n3', lastEventId: '' },
      ],
    },
    {
      name: 'comments, unknown fields, a field without colon, the id persisting',
      chunks: [': hi\nfoo: bar\nid: 7\ndata\n\nevent:x\ndata: y\n\n'],
      events: [
        { type: 'message', data: '', lastEventId: '7' },
        { type: 'x', data: 'y', lastEventId: '7' },
      ],
    },
    {
      name: 'an event without data is not dispatched, nor an unterminated last one',
      chunks: ['event:x\n\ndata:kept\n\ndata:lost'],
      events: [{ type: 'message', data: 'kept', lastEventId: '' }],
    },
    {
      name: 'retry only with digits; a leading BOM is skipped',
      chunks: ['\ufeffretry: 1500\nretry: x\ndata:a\n\n'],
      events: [{ type: 'message', data: 'a', lastEventId: '' }],
      retries: [1500],
    },
    {
      name: 'multi-byte characters split across chunks',
      chunks: ['data:\u00e9', '\u4e16\n\n'],
      events: [{ type: 'message', data: '\u00e9\u4e16', lastEventId: '' }],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const got = parse(c.chunks)
      assert.deepEqual(got.events, c.events)
      assert.deepEqual(got.retries, c.retries ?? [])
    })
  }

  it('keeps a multi-byte character split between two pushes', () => {
    const events: SseEvent[] = []
    const parser = new SseParser({ event: (e) => events.push(e) })
    const bytes = new TextEncoder().encode('data:\u00e9\n\n')
    parser.push(bytes.slice(0, 6))
    parser.push(bytes.slice(6))
    assert.deepEqual(events, [{ type: 'message', data: '\u00e9', lastEventId: '' }])
  })
})
