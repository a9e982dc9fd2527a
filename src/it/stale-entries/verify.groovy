def log = new File(basedir, 'build.log').text

// 2: after Trainer changed, EvoFix#a's entry is stale and says why; EvoFix#b's is current.
assert log =~ /(?m)^  EvoFix#a\s+\(1\)\s.*stale: code of adv\.evo\.Trainer changed$/
assert log =~ /(?m)^  EvoFix#b\s+\(1\)\s+-\s+int\s+[^\n]*\d+ ms$/
assert log.contains('1 stale (never loaded again; labtech:clear -Dlabtech.stale removes them)')

// 3: the new code computes a again and says why; b is loaded.
assert log.contains('[labtech] EvoFix#a(1) is computed again: code of adv.evo.Trainer changed')
assert log.contains('[labtech] loaded EvoFix#b(1) in ')
// and its summary says that the superseded entry stays, and how to remove it.
assert log =~ /\[labtech\] 1 stale result \([0-9.]+ [kM]?B\), superseded by this run's, stay in local directory .*: mvn labtech:clear -Dlabtech\.stale removes them/

// 4: a qualified filter: both entries of a, the old one stale.
assert log =~ /(?m)^(?:\u001B\[[0-9;]*m)?Cached results of adv\.evo\.EvoFix#a in local directory/
assert log =~ /(?m)^  2 cached results, .*, 1 stale /

// 5: only the stale entry goes.
assert log.contains('[INFO] Removed 1 cached result that the current code would not load (')

// 6, 7: trimming by size, stale first, then by computing time saved per byte.
assert log =~ /Nothing to clear, stale ones first, then those saving the least computing time per byte, to stay within 10\.0 GB in local directory/
assert log =~ /Removed 2 cached results, stale ones first, then those saving the least computing time per byte, to stay within 0 B \(/
