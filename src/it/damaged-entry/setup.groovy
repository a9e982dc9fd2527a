def damaged = new File(basedir, ".labtech/json__WordFixtures-upper__${'b' * 40}")
damaged.mkdirs()
new File(damaged, 'metadata.json').text = '{"labtech_version": "0.1.0", "cache'
new File(damaged, 'data.json').text = '"HALF'
def notes = new File(basedir, '.labtech/notes')
notes.mkdirs()
new File(notes, 'README.txt').text = 'not a cache entry'

true
