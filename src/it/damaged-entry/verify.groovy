def log = new File(basedir, 'build.log').text
def entries = new File(basedir, '.labtech').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }*.name

assert log =~ /(?m)^  json__WordFixtures-upper__b{40}\s+DAMAGED\s+\d+ B\s+Cannot read metadata.json[^\n]*$/
assert log.contains('4 cached results')
assert log.contains('1 damaged (recomputed when next used; labtech:clear removes them)')
assert log =~ /\[INFO\] Removed 4 cached results \(/
assert log.contains('[INFO] Removed 1 leftover of interrupted writes and deletions from local directory')
assert !log.contains('deleting-json')
assert new File(basedir, '.labtech/.tmp').list().length == 0
assert entries == ['notes']
