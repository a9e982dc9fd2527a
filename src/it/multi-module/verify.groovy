def log = new File(basedir, 'build.log').text

['lib', 'app'].each { module ->
    def storage = new File(basedir, "${module}/.labtech")
    assert storage.listFiles().findAll { it.isDirectory() && !it.name.startsWith('.') }.isEmpty()
    assert new File(storage, '.gitignore').exists()
    assert log =~ /Removed 3 cached results \([0-9.]+ kB\) from local directory .*multi-module.${module}.\.labtech\./
}
assert log =~ /Nothing to clear: .*multi-module.\.labtech does not exist\./
assert !log.contains('[WARNING] *****')  // no "not marked @threadSafe" warning under -T
