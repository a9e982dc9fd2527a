def log = new File(basedir, 'build.log').text
def storage = new File(basedir, '.labtech')

assert log.contains('[labtech] computed WordFixtures#upper("labtech")')
assert log =~ /\[INFO\] Removed 3 cached results \([0-9.]+ kB\) from local directory .*\.labtech\./
assert storage.listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }.isEmpty()
assert new File(storage, '.gitignore').text.trim() == '*'
