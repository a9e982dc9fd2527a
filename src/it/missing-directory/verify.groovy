def log = new File(basedir, 'build.log').text

assert log =~ /\[INFO\] Nothing to clear: .*\.labtech does not exist\./
assert log =~ /\[INFO\] No cached results: .*\.labtech does not exist\./
assert !new File(basedir, '.labtech').exists()
assert log =~ /\[INFO\] No cached results: .*not-a-directory is a file, not a directory \(labtech.storage.dir\)\./
assert new File(basedir, 'not-a-directory').isFile()
