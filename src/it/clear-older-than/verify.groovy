def log = new File(basedir, 'build.log').text
def entries = new File(basedir, '.labtech').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }*.name

assert log =~ /Removed 1 cached result older than P7D \([0-9.]+ [kB ]+\) from local directory/
assert log.contains('Nothing to clear older than P7D in local directory')
assert log.contains("Invalid value 'seven-days' for labtech.olderThan: expected an ISO-8601 duration")
assert entries.size() == 3
assert !entries.any { it.endsWith('a' * 40) }
