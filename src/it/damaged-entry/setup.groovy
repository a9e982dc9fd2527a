def damaged = new File(basedir, ".labtech/json__WordFixtures-upper__${'b' * 40}")
damaged.mkdirs()
new File(damaged, 'metadata.json').text = '{"labtech_version": "0.1.0", "cache'
new File(damaged, 'data.json').text = '"HALF'
// What a deletion killed half-way leaves: an entry renamed out of sight, five minutes ago. The
// tests' storage keeps leftovers younger than an hour; labtech:clear removes them after a minute.
def leftover = new File(basedir, ".labtech/.tmp/deleting-json__WordFixtures-upper__${'c' * 40}-123e4567-e89b-12d3-a456-426614174000")
leftover.mkdirs()
new File(leftover, 'data.json').text = '[1,2,'
leftover.setLastModified(System.currentTimeMillis() - 5 * 60 * 1000)
def notes = new File(basedir, '.labtech/notes')
notes.mkdirs()
new File(notes, 'README.txt').text = 'not a cache entry'

true
