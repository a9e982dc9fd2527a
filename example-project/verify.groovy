// Checks build.log of the runs listed in invoker.properties.
def log = new File(basedir, 'build.log').text
def count = { String text -> log.count(text) }

// Runs 1, 4 and 5 compute the four fixtures; runs 2 and 6 load all of them from .labtech.
assert count('[labtech] 0 loaded, 4 computed, ') == 3
assert count('[labtech] 4 loaded, 0 computed, ') == 2
assert count('[labtech] computed SpamFixtures#classifier(2000, 2.0) in ') == 3
assert count('[labtech] loaded SpamFixtures#classifier(2000, 2.0) in ') == 2
assert count('[labtech] most time: SpamFixtures#classifier: ') == 5
assert count('reused SpamFixtures') == 0 // memory reuse is not printed by default
assert count('Tests run: 5, Failures: 0, Errors: 0, Skipped: 0') >= 5

// Run 3 lists the four results, then removes them.
assert log =~ /(?m)^  SpamFixtures#classifier\s+\(2000, 2\.0\)\s+1\s+Classifier\s+[0-9.]+ kB/
assert log =~ /(?m)^  4 cached results, [0-9.]+ MB, [0-9.]+ s of computing$/
assert log =~ /\[INFO\] Removed 4 cached results \([0-9.]+ MB\) from local directory/

// The summary is also written for CI dashboards.
assert new File(basedir, 'target/labtech/summary.json').text.contains('"fixture":"SpamFixtures#classifier"')

// Runs 5 to 7 used JUnit Jupiter 5.14.
assert log.contains('org.junit.jupiter:junit-jupiter-engine:jar:5.14.4:test')
