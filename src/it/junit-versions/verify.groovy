def log = new File(basedir, 'build.log').text

// Four builds, on JUnit 5.10.5, 5.10.5, 5.12.2 and 5.14.4: every test ran and passed in each.
assert log.count('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') == 8 // per class and in each build's total
assert !log.contains('ServiceConfigurationError')
['5.10.5', '5.12.2', '5.14.4'].each { version -> assert log.contains("running on JUnit Jupiter ${version}") }
// The first computes; each later build loads what the one before stored.
assert log.count('[labtech] computed WordFixtures#upper("labtech")') == 1
assert log.count('[labtech] loaded WordFixtures#upper("labtech")') == 3
assert log =~ /(?m)^  3 cached results/
def summary = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/labtech/summary.json'))
assert summary.labs[0].loaded == 3
