def log = new File(basedir, 'build.log').text

// Four builds, on JUnit 5.10.5, 5.12.2, 5.14.4 and 6.0.3: the same engine tests ran in each, none failed
// and none was skipped.
def totals = (log =~ /(?m)^\[(?:INFO|WARNING|ERROR)\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$/)
        .collect { it[1..4].collect { it as int } }
assert totals.size() == 4
assert totals.every { it[0] > 50 && it[1] == 0 && it[2] == 0 && it[3] == 0 }
assert totals.collect { it[0] }.unique().size() == 1
assert log.count('BUILD SUCCESS') == 4
assert !log.contains('ServiceConfigurationError')
['5.10.5', '5.12.2', '5.14.4', '6.0.3'].each { version ->
    assert log.count("engine tests on JUnit Jupiter ${version}") == 1
}
true
