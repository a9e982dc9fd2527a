def server = System.properties.get('labtech.it.s3server')
try {
    def log = new File(basedir, 'build.log').text.replaceAll('\u001B\\[[0-9;]*m', '')

    // CI: results went to a throw-away directory and the bucket.
    assert log.contains('[labtech] CI environment detected (CI=true): results go to a throw-away directory and the team cache s3://team-cache/it, which they are uploaded to')
    assert log =~ /\[labtech\] team cache: 0 downloaded, 3 uploaded \([0-9.]+ k?B\)/
    assert log =~ /\(local directory \S+labtech-\d+ with the team cache bucket s3:\/\/team-cache\/it\/\)/

    // labtech:list on the bucket: three, then two.
    def lists = log.split(/Cached results in bucket s3:\/\/team-cache\/it\/:/)
    assert lists.length == 3
    assert lists[1] =~ /(?m)^  3 cached results, /
    assert lists[1] =~ /(?m)^  WordFixtures#upper\s+\("labtech"\)/
    assert lists[2] =~ /(?m)^  2 cached results, /
    assert !(lists[2] =~ /(?m)^  WordFixtures#upper/)

    // Retention and a fixture filter on the bucket.
    assert log.contains('Nothing to clear older than P7D in bucket s3://team-cache/it/.')
    assert log =~ /Removed 1 cached result of WordFixtures#upper \([0-9.]+ k?B\) from bucket s3:\/\/team-cache\/it\/\./

    // The laptop: two downloaded, one computed, none uploaded.
    assert log =~ /\[labtech\] 2 loaded, 1 computed, 0 reused from memory/
    assert log =~ /\[labtech\] team cache: 2 downloaded \([0-9.]+ k?B\), 0 uploaded/
    assert log.contains('[labtech] computed WordFixtures#upper("labtech")')

    // The last clear empties the bucket, and the laptop's directory is left alone.
    assert log =~ /Removed 2 cached results \([0-9.]+ k?B\) from bucket s3:\/\/team-cache\/it\/\./
    def client = server.client()
    try {
        assert client.listObjectsV2 { it.bucket('team-cache').prefix('it/') }.keyCount() == 0
    } finally {
        client.close()
    }
    assert new File(basedir, '.labtech').listFiles().findAll { !it.name.startsWith('.') }.size() == 3
} finally {
    server?.close()
}
true
