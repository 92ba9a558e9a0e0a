/**
 * @module The playground's sample data: a blog with posts and comments (with rules, a relation, a
 * file field with thumbs), two users and a few records, and the playground superuser.
 */
import type { Seed } from '@isobase/browser/seed'

/** The playground's superuser (the data never leaves the visitor's browser). */
export const PLAYGROUND_SUPERUSER = { email: 'admin@playground.local', password: 'playground-admin' }
/** The sample users' password. */
export const SAMPLE_PASSWORD = 'sample-password'

export const SAMPLE_SEED: Seed = {
  superuser: PLAYGROUND_SUPERUSER,
  collections: [
    {
      id: 'pbc_playground_posts',
      name: 'posts',
      type: 'base',
      listRule: 'published = true || author = @request.auth.id',
      viewRule: 'published = true || author = @request.auth.id',
      createRule: '@request.auth.id != "" && author = @request.auth.id',
      updateRule: 'author = @request.auth.id',
      deleteRule: 'author = @request.auth.id',
      fields: [
        { name: 'title', type: 'text', required: true, max: 200 },
        { name: 'body', type: 'editor' },
        { name: 'published', type: 'bool' },
        { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
        { name: 'cover', type: 'file', maxSelect: 1, mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'], thumbs: ['120x80'] },
        { name: 'created', type: 'autodate', onCreate: true },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
    },
    {
      id: 'pbc_playground_comments',
      name: 'comments',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '@request.auth.id != ""',
      deleteRule: 'author = @request.auth.id',
      fields: [
        { name: 'post', type: 'relation', collectionId: 'pbc_playground_posts', maxSelect: 1, required: true, cascadeDelete: true },
        { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
        { name: 'text', type: 'text', required: true },
        { name: 'created', type: 'autodate', onCreate: true },
      ],
    },
  ],
  records: {
    users: [
      { id: 'playgroundann01', email: 'ann@example.com', name: 'Ann', password: SAMPLE_PASSWORD, passwordConfirm: SAMPLE_PASSWORD, verified: true },
      { id: 'playgroundbob01', email: 'bob@example.com', name: 'Bob', password: SAMPLE_PASSWORD, passwordConfirm: SAMPLE_PASSWORD, verified: true },
    ],
    posts: [
      { id: 'playgroundpost1', title: 'Hello from your browser', body: '<p>This backend runs in a Service Worker.</p>', published: true, author: 'playgroundann01' },
      { id: 'playgroundpost2', title: 'Offline first', body: '<p>Switch the network off: it keeps working.</p>', published: true, author: 'playgroundbob01' },
      { id: 'playgroundpost3', title: "Ann's draft", body: '<p>Only Ann sees this one.</p>', published: false, author: 'playgroundann01' },
    ],
    comments: [
      { post: 'playgroundpost1', author: 'playgroundbob01', text: 'Nice! No server at all?' },
      { post: 'playgroundpost1', author: 'playgroundann01', text: 'None: SQLite in IndexedDB.' },
    ],
  },
}
