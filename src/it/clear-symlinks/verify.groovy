import java.nio.file.Files

def log = new File(basedir, 'build.log').text
def module = basedir.toPath()
def storage = module.resolve('.labtech')

assert log =~ /\[INFO\] Removed 1 cached result \([0-9.]+ B\) from local directory .*\.labtech\./
assert Files.exists(module.resolve('pom.xml'))
assert Files.readString(module.resolve('outside/keep.txt')) == 'not a cache entry'
assert Files.isDirectory(module.resolve("outside/json__WordFixtures-upper__${'d' * 40}"))
assert Files.isSymbolicLink(storage.resolve('.locks'))
assert Files.isSymbolicLink(storage.resolve("json__WordFixtures-upper__${'e' * 40}"))
assert !Files.exists(storage.resolve("json__WordFixtures-upper__${'a' * 40}"))

// The links point back into the build: remove them, so nothing that copies target/ loops through them.
Files.delete(storage.resolve('.locks'))
Files.delete(storage.resolve("json__WordFixtures-upper__${'e' * 40}"))
Files.delete(storage.resolve(".deleting-json__WordFixtures-upper__${'f' * 40}-123e4567-e89b-12d3-a456-426614174000"))
