import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  buildIndex,
  findSingleColumnUniqueIndex,
  isValidIndex,
  parseIndex,
  type ParsedIndex,
} from './index-parser.js'
import { tokenize, TokenizeError } from './sql-tokenizer.js'

const blank: ParsedIndex = {
  schemaName: '',
  indexName: '',
  tableName: '',
  where: '',
  columns: [],
  unique: false,
  optional: false,
}
const col = (name: string, collate = '', sort = '') => ({ name, collate, sort })

// cases from PocketBase's tools/dbutils/index_test.go, plus quoting variants seen in real pb_data
const PARSE_CASES: [string, string, ParsedIndex][] = [
  ['invalid', 'invalid', blank],
  [
    'spaces before the columns',
    'create index indexname on tablename   (col1)',
    { ...blank, indexName: 'indexname', tableName: 'tablename', columns: [col('col1')] },
  ],
  [
    'no space before the columns',
    'create index indexname on tablename(col1)',
    { ...blank, indexName: 'indexname', tableName: 'tablename', columns: [col('col1')] },
  ],
  [
    'every part',
    `CREATE UNIQUE INDEX IF NOT EXISTS "schemaname".[indexname] on 'tablename' (
				col0,
				\`col1\`,
				json_extract("col2", "$.a") asc,
				"col3" collate NOCASE,
				"col4" collate RTRIM desc
			) where test = 1`,
    {
      unique: true,
      optional: true,
      schemaName: 'schemaname',
      indexName: 'indexname',
      tableName: 'tablename',
      columns: [
        col('col0'),
        col('col1'),
        col('json_extract("col2", "$.a")', '', 'ASC'),
        col('col3', 'NOCASE'),
        col('col4', 'RTRIM', 'DESC'),
      ],
      where: 'test = 1',
    },
  ],
  [
    'PocketBase-written auth index',
    "CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (`email`) WHERE `email` != ''",
    {
      ...blank,
      unique: true,
      indexName: 'idx_email__pb_users_auth_',
      tableName: 'users',
      columns: [col('email')],
      where: "`email` != ''",
    },
  ],
]

test('parseIndex reads CREATE INDEX statements like PocketBase', () => {
  for (const [name, sql, expected] of PARSE_CASES) {
    assert.deepEqual(parseIndex(sql), expected, name)
  }
})

test('isValidIndex needs a name, a table and a column', () => {
  const min = { ...blank, indexName: 'i', tableName: 't', columns: [col('c')] }
  assert.equal(isValidIndex(min), true)
  assert.equal(isValidIndex({ ...min, indexName: '' }), false)
  assert.equal(isValidIndex({ ...min, tableName: '' }), false)
  assert.equal(isValidIndex({ ...min, columns: [] }), false)
})

test('buildIndex writes PocketBase formatting (backticks, one column per line when several)', () => {
  assert.equal(buildIndex(blank), '')
  assert.equal(
    buildIndex({ ...blank, indexName: 'i', tableName: 't', columns: [col('c')] }),
    'CREATE INDEX `i` ON `t` (`c`)',
  )
  assert.equal(
    buildIndex({
      unique: true,
      optional: true,
      schemaName: 's',
      indexName: 'i',
      tableName: 't',
      columns: [col('a', 'NOCASE', 'desc'), col('lower(b)'), col('  ')],
      where: 'a != 1',
    }),
    'CREATE UNIQUE INDEX IF NOT EXISTS `s`.`i` ON `t` (\n  `a` COLLATE NOCASE DESC,\n  lower(b)\n) WHERE a != 1',
  )
  // round trip: the table can be renamed without touching the rest
  const parsed = parseIndex('create index idx_x on old (title)')
  parsed.tableName = 'new'
  assert.equal(buildIndex(parsed), 'CREATE INDEX `idx_x` ON `new` (`title`)')
})

test('findSingleColumnUniqueIndex ignores non-unique and multi-column indexes', () => {
  const indexes = [
    'create index a on t (email)',
    'create unique index b on t (email, name)',
    'create unique index c on t (EMAIL) where x',
  ]
  assert.equal(findSingleColumnUniqueIndex(indexes, 'email')?.indexName, 'c')
  assert.equal(findSingleColumnUniqueIndex(indexes, 'name'), undefined)
})

test('tokenize respects quotes, parentheses and escapes', () => {
  assert.deepEqual(tokenize('a, b, (c, d)'), ['a', 'b', '(c, d)'])
  assert.deepEqual(tokenize(`'x,y', "a\\"b,c", \`q,r\`, z`), [`'x,y'`, `"a\\"b,c"`, '`q,r`', 'z'])
  assert.deepEqual(tokenize('a.b.c', { separators: ['.'] }), ['a', 'b', 'c'])
  assert.deepEqual(tokenize('a b', { separators: [' '], keepSeparator: true }), ['a ', 'b'])
  assert.throws(() => tokenize('(a, b'), TokenizeError)
  assert.throws(() => tokenize("'a"), TokenizeError)
})
