// An entry computed long ago, as an earlier run of labtech-junit would have left it.
def key = 'json__WordFixtures-upper__' + ('a' * 40)
def entry = new File(basedir, ".labtech/${key}")
entry.mkdirs()
new File(entry, 'data.json').text = '"OLD"'
new File(entry, 'metadata.json').text = """{"labtech_version":"0.1.0","format":1,
 "cache":"dev.labtech.cache.JsonCache","cache_key":"${key}","fixture":"WordFixtures#upper",
 "task":{"arguments":["old"],"fixture":"dev.labtech.it.WordFixtures","method":"upper",
  "parameter_types":["java.lang.String"],"return_type":"java.lang.String","version":""},
 "start_timestamp":"2020-01-01T00:00:00Z","duration_seconds":1.5,"result_file":"data.json"}"""

true
