def log = new File(basedir, 'build.log').text

assert log.contains('[labtech] computed WordFixtures#upper("labtech")')
assert log =~ /(?m)^(?:\u001B\[[0-9;]*m)?Cached results in local directory .*build-cache:$/
assert log =~ /(?m)^  3 cached results/
assert log =~ /\[INFO\] Removed 3 cached results \([0-9.]+ kB\) from local directory .*build-cache\./
assert new File(basedir, 'build-cache/.gitignore').text.trim() == '*'
assert new File(basedir, 'build-cache').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }.isEmpty()
assert !new File(basedir, '.labtech').exists()
