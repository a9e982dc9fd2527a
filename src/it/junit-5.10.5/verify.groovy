def log = new File(basedir, 'build.log').text

assert log =~ /Tests run: 2, Failures: 0, Errors: 0, Skipped: 0/
assert !log.contains('ServiceConfigurationError')
assert log.contains('[labtech] loaded WordFixtures#upper("labtech")')
assert log =~ /(?m)^  3 cached results/
def summary = new File(basedir, 'target/labtech/summary.json')
assert summary.exists()
assert summary.text.contains('"loaded"')
