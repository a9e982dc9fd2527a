import java.nio.file.Files
import java.nio.file.Path

def module = basedir.toPath()
def storage = Files.createDirectories(module.resolve('.labtech'))
def outside = Files.createDirectories(module.resolve('outside'))
Files.writeString(outside.resolve('keep.txt'), 'not a cache entry')
Files.createDirectories(outside.resolve("json__WordFixtures-upper__${'d' * 40}"))
// .locks pointing at the module itself: a clear that followed it would delete pom.xml.
Files.createSymbolicLink(storage.resolve('.locks'), Path.of('..'))
Files.createSymbolicLink(storage.resolve("json__WordFixtures-upper__${'e' * 40}"), Path.of('../outside'))
Files.createSymbolicLink(storage.resolve(".deleting-json__WordFixtures-upper__${'f' * 40}-123e4567-e89b-12d3-a456-426614174000"),
        Path.of('../outside'))
// One real entry, which clear removes.
def real = Files.createDirectories(storage.resolve("json__WordFixtures-upper__${'a' * 40}"))
Files.writeString(real.resolve('metadata.json'), '{}')
true
