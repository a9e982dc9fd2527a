def summary = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/labtech/summary.json'))

// The second build: three JVMs, all six results loaded, none computed (not the last fork's 2).
assert summary.jvms == 3
assert summary.labs.size() == 1
assert summary.labs[0].computed == 0
assert summary.labs[0].loaded == 6
assert summary.labs[0].reused == 3
assert summary.labs[0].fixtures*.fixture.sort() == ['OneFixtures#name', 'ThreeFixtures#name', 'TwoFixtures#name']
assert summary.labs[0].fixtures.every { it.loaded == 2 }
def log = new File(basedir, 'build.log').text
assert log.count('[labtech] computed ') == 6
assert log.count('[labtech] loaded ') == 6
