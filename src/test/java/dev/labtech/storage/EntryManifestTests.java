package dev.labtech.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labtech.internal.Checksums;
import dev.labtech.internal.JsonText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

class EntryManifestTests {

    private static final String KEY = "Corpus__0123456789abcdef0123456789abcdef01234567";

    @Test
    void readsBackTheFilesItWrites() {
        Map<String, Checksums.Digest> files = Map.of("data.bin", new Checksums.Digest(12, 0x0a1b2c3dL),
                "data.bin.part1", new Checksums.Digest(0, 0xffffffffL));

        EntryManifest manifest = EntryManifest.parse(KEY, metadata(KEY, files));

        assertThat(manifest.key()).isEqualTo(KEY);
        assertThat(manifest.files()).isEqualTo(files);
        assertThat(manifest.bytes()).isEqualTo(12);
    }

    @Test
    void refusesTheMetadataOfAnotherEntry() {
        byte[] other = metadata("Corpus__ffffffffffffffffffffffffffffffffffffffff", Map.of());

        assertThatThrownBy(() -> EntryManifest.parse(KEY, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the metadata.json of entry " + KEY);
    }

    @Test
    void refusesMetadataWithoutDigestsOrWithUnreadableOnes() {
        assertThatThrownBy(() -> EntryManifest.parse(KEY, bytes("{\"cache_key\":\"" + KEY + "\"}")))
                .hasMessageContaining("records no lengths and checksums");
        assertThatThrownBy(() -> EntryManifest.parse(KEY,
                bytes("{\"cache_key\":\"" + KEY + "\",\"files\":{\"data.bin\":{\"bytes\":3,\"crc32c\":\"zz\"}}}")))
                .hasMessageContaining("unreadable digest of data.bin");
        assertThatThrownBy(() -> EntryManifest.parse(KEY, bytes("{\"cache_key\":")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMetadataLargerThanAnyEntryHas() {
        byte[] huge = new byte[EntryManifest.MAX_BYTES + 1];

        assertThatThrownBy(() -> EntryManifest.parse(KEY, huge)).hasMessageContaining("larger than " + EntryManifest.MAX_BYTES);
    }

    private static byte[] metadata(String key, Map<String, Checksums.Digest> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonText.generator(out)) {
            json.writeStartObject();
            json.writeStringProperty("cache_key", key);
            EntryManifest.writeFiles(json, files);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
