def log = new File(basedir, 'build.log').text

assert log.contains('[labtech] computed WordFixtures#upper("labtech")')
assert log =~ /\[INFO\] Cached results in local directory .*build-cache:/
assert log =~ /\[INFO\]   3 cached results/
assert log =~ /\[INFO\] Removed 3 cached results \([0-9.]+ kB\) from local directory .*build-cache\./
assert new File(basedir, 'build-cache/.gitignore').text.trim() == '*'
assert new File(basedir, 'build-cache').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }.isEmpty()
assert !new File(basedir, '.labtech').exists()
