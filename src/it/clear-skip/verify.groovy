def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] Skipping labtech:clear because labtech.skip is set.')
assert log.contains('[INFO] Skipping labtech:list because labtech.skip is set.')
assert new File(basedir, '.labtech').listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }.size() == 3
