import assert from 'node:assert/strict'
import { test } from 'node:test'
import { extractExtension, multipartBaseName, normalizeFileName, snakecase } from './file-name.js'

const R = '[a-z0-9]{10}'

test('stored names follow PocketBase’s normalizeName', () => {
  const cases: [string, string, string][] = [
    ['My Photo.PNG', '', `^my_photo_${R}\\.PNG$`],
    ['archive.tar.gz', '', `^archive_${R}\\.tar\\.gz$`],
    ['a.b.c.txt', '', `^a_b_${R}\\.c\\.txt$`],
    ['myTestDB.json', '', `^my_test_db_${R}\\.json$`],
    ['ab.txt', '', `^ab${R}_${R}\\.txt$`],
    ['.env', '', `^${R}_${R}\\.env$`],
    ['noext', '.png', `^noext_${R}\\.png$`],
    ['noext', '', `^noext_${R}$`],
    ['weird.ex t!', '', `^weird_${R}\\.ext$`],
    ['x.' + 'e'.repeat(30), '', `^x${R}_${R}\\.e{20}$`],
    ['n'.repeat(150) + '.txt', '', `^n{100}_${R}\\.txt$`],
    ['Übergröße.txt', '', `^bergr_e_${R}\\.txt$`],
    ['../../etc/passwd', '', `^${R}_${R}\\.etcpasswd$`],
  ]
  for (const [input, sniffed, pattern] of cases) {
    assert.match(normalizeFileName(input, sniffed), new RegExp(pattern), input)
  }
})

test('helpers', () => {
  assert.equal(extractExtension('test.txt'), '.txt')
  assert.equal(extractExtension('test.a.tar.gz'), '.tar.gz')
  assert.equal(extractExtension('noext'), '')
  assert.equal(snakecase('myTestDB'), 'my_test_db')
  assert.equal(snakecase('  Hello--World__x '), 'hello_world_x')
  assert.equal(multipartBaseName('/tmp/tmpfile-1.txt'), 'tmpfile-1.txt')
  assert.equal(multipartBaseName('dir/'), 'dir')
  assert.equal(multipartBaseName(''), '')
})
