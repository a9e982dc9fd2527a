def log = new File(basedir, 'build.log').text
def today = java.time.LocalDate.now().toString()

// labtech:list under -q: the table on standard output.
// (Maven may put a colour reset before the goal's first line of output.)
assert log =~ /(?m)^(?:\u001B\[[0-9;]*m)?Cached results in local directory .*\.labtech:$/
assert log =~ /(?m)^  fixture\s+arguments\s+version\s+returns\s+size\s+created\s+computing$/
assert log =~ /(?m)^  NumberFixtures#squares\s+\(4\)\s+-\s+List<Integer>\s+[0-9.]+ [kB ]+\s+${today} \d\d:\d\d\s+\d+ ms$/
assert log =~ /(?m)^  WordFixtures#length\s+\("labtech"\)\s+-\s+Integer\s/
assert log =~ /(?m)^  WordFixtures#upper\s+\("labtech"\)\s+-\s+String\s/
assert log =~ /(?m)^  3 cached results, [0-9.]+ kB, \d+ ms of computing$/

// -Dlabtech.format=json: one JSON array.
def json = log.readLines().collect { it.replaceAll('\u001B\\[[0-9;]*m', '') }.find { it.startsWith('[{"key":') }
assert json != null
def parsed = new groovy.json.JsonSlurper().parseText(json)
assert parsed.size() == 3
def squares = parsed.find { it.fixture == 'NumberFixtures#squares' }
assert squares.fixture_type == 'dev.labtech.it.NumberFixtures'
assert squares.return_type == 'java.util.List<java.lang.Integer>'
assert squares.arguments == '4'
assert !squares.damaged

// Surefire's XML report: each call's line in the <system-out> of the test that made it.
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-dev.labtech.it.FixturesTest.xml'))
def numbers = report.testcase.find { it.@name.text().startsWith('numbers(') }
def words = report.testcase.find { it.@name.text().startsWith('words(') }
assert numbers.'system-out'.text().contains('[labtech] computed NumberFixtures#squares(4) in ')
assert !numbers.'system-out'.text().contains('WordFixtures')
assert words.'system-out'.text().contains('[labtech] computed WordFixtures#upper("labtech") in ')

// -Dlabtech.outputFile: the same JSON, alone in the file.
def written = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/listing/cached.json'))
assert written.size() == 3
assert written*.fixture.sort() == ['NumberFixtures#squares', 'WordFixtures#length', 'WordFixtures#upper']
assert log =~ /\[INFO\] Wrote the listing of 3 cached results to .*cached\.json/

// labtech:help -Ddetail: the examples stay one per line instead of running together.
assert log =~ /(?m)^  \* mvn labtech:clear: everything$/
assert log =~ /(?m)^  \* mvn labtech:clear -Dlabtech\.stale: only what the current code would not load$/
assert log =~ /(?m)^  \* mvn labtech:list: everything, as a table$/
assert !log.contains('# everything mvn labtech:clear')
