/// <reference path="../pb_data/types.d.ts" />
// The notes collection: each user's own notes, with an optional attachment (image thumbs 100x100).
// The same file runs on a server (`isobase migrate up`, `isobase serve`, PocketBase) and in the
// browser (the Service Worker applies it on start).
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users')
    const notes = new Collection({
      type: 'base',
      name: 'notes',
      listRule: 'owner = @request.auth.id',
      viewRule: 'owner = @request.auth.id',
      createRule: '@request.auth.id != "" && owner = @request.auth.id',
      updateRule: 'owner = @request.auth.id',
      deleteRule: 'owner = @request.auth.id',
      fields: [
        { name: 'title', type: 'text', required: true, max: 200 },
        { name: 'body', type: 'text', max: 10000 },
        { name: 'attachment', type: 'file', maxSelect: 1, maxSize: 5242880, thumbs: ['100x100'] },
        { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1, required: true, cascadeDelete: true },
        { name: 'created', type: 'autodate', onCreate: true },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX idx_notes_owner ON notes (owner, created)'],
    })
    app.save(notes)
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('notes'))
  },
)
