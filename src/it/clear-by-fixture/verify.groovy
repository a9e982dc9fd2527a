def log = new File(basedir, 'build.log').text
def entries = { new File(basedir, '.labtech').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }*.name.sort() }

assert log.contains('Removed 1 cached result of WordFixtures#upper')
assert log.contains('Removed 1 cached result of NumberFixtures, UnknownFixtures')
assert log =~ /WordFixtures#length\s+\("labtech"\)/
assert entries().size() == 1
assert entries()[0].startsWith('bin__WordFixtures-length__')
// A filter naming a fixture no stored result has says so, with the nearest stored ones.
assert log =~ /\[WARNING\] No stored fixture is named UnknownFixtures; the nearest stored: /
