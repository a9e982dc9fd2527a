def log = new File(basedir, 'build.log').text
def today = java.time.LocalDate.now().toString()

assert log =~ /\[INFO\] Cached results in local directory .*\.labtech:/
assert log =~ /\[INFO\]   NumberFixtures#squares\s+\(4\)\s+[0-9.]+ [kB ]+\s+${today} \d\d:\d\d\s+computed in \d+ ms/
assert log =~ /\[INFO\]   WordFixtures#length\s+\("labtech"\)/
assert log =~ /\[INFO\]   WordFixtures#upper\s+\("labtech"\)/
assert log =~ /\[INFO\]   3 cached results, [0-9.]+ kB, \d+ ms of computing/
