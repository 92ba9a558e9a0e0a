import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mimeIs, sniffContentType } from './mime-sniff.js'

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

test('content types and extensions as gabriel-vasile/mimetype detects them', () => {
  const cases: [string, Uint8Array, string, string][] = [
    ['png', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'image/png', '.png'],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg', '.jpg'],
    ['gif', bytes('GIF89a', [1, 0]), 'image/gif', '.gif'],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp', '.webp'],
    ['pdf', bytes('%PDF-1.7\n'), 'application/pdf', '.pdf'],
    ['zip', bytes('PK\x03\x04', [20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0], 'a/b'), 'application/zip', '.zip'],
    ['docx', bytes('PK\x03\x04', new Array(22).fill(0), [11, 0, 0, 0], 'word/x.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx'],
    ['gzip', bytes([0x1f, 0x8b, 8]), 'application/gzip', '.gz'],
    ['mp4', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2'), 'video/mp4', '.mp4'],
    ['text', bytes('test'), 'text/plain; charset=utf-8', '.txt'],
    ['latin1 text', bytes('caf', [0xe9]), 'text/plain; charset=iso-8859-1', '.txt'],
    ['svg', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml', '.svg'],
    ['html', bytes('<!DOCTYPE html><html></html>'), 'text/html; charset=utf-8', '.html'],
    ['xml', bytes('<?xml version="1.0"?><a/>'), 'text/xml; charset=utf-8', '.xml'],
    ['json', bytes('{"a": [1, 2]}'), 'application/json', '.json'],
    ['not json', bytes('{"a": '), 'text/plain; charset=utf-8', '.txt'],
    ['binary', bytes([0, 1, 2, 3, 4]), 'application/octet-stream', ''],
    ['empty', new Uint8Array(0), 'text/plain; charset=utf-8', '.txt'],
  ]
  for (const [name, input, mime, ext] of cases) {
    const t = sniffContentType(input)
    assert.equal(t.mime, mime, name)
    assert.equal(t.extension, ext, name)
  }
})

test('mimeIs ignores parameters and accepts aliases', () => {
  assert.ok(mimeIs(sniffContentType(bytes('x')), 'text/plain'))
  assert.ok(mimeIs(sniffContentType(bytes('PK\x03\x04')), 'application/x-zip-compressed'))
  assert.ok(!mimeIs(sniffContentType(bytes('x')), 'image/png'))
})
