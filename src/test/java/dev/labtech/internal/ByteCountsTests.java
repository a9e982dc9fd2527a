package dev.labtech.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes as labtech.maxSize takes them, in the decimal units the output writes. */
class ByteCountsTests {

    @ParameterizedTest
    @CsvSource({"0, 0", "301799, 301799", "512B, 512", "10kB, 10000", "10 kb, 10000", "2.5MB, 2500000", "2GB, 2000000000",
            "1T, 1000000000000", " 7 , 7"})
    void aSizeIsReadInDecimalUnitsAndABareNumberIsBytes(String text, long bytes) {
        assertThat(ByteCounts.parse(text)).isEqualTo(OptionalLong.of(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two GB", "-5MB", "5 MiB", "1e9", "5PB"})
    void anythingElseIsNoSize(String text) {
        assertThat(ByteCounts.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"999, 999 B", "1000, 1.0 kB", "301799, 301.8 kB", "2000000000, 2.0 GB", "-1, ?"})
    void aSizeIsWrittenWithOneDecimal(long bytes, String text) {
        assertThat(ByteCounts.format(bytes)).isEqualTo(text);
    }
}
