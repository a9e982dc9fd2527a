package com.example.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labtech.junit.LabtechCached;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@LabtechCached
class SpamClassifierTest {

    @LabtechCached
    static SpamFixtures fixtures;

    @Test
    void classifiesHeldOutEmails() {
        Classifier classifier = fixtures.classifier(2_000, 2.0);

        double accuracy = classifier.accuracy(fixtures.emails(42, 40_000).test());

        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    @Test
    void spammyWordsRaiseTheSpamScore() {
        Classifier classifier = fixtures.classifier(2_000, 2.0);

        for (int word = 0; word < EmailGenerator.SPAMMY_WORDS; word++) {
            assertTrue(classifier.weights()[word] > classifier.weights()[word + EmailGenerator.SPAMMY_WORDS],
                    "word " + word);
        }
    }

    @Test
    void anEmailOfSpammyWordsIsSpam() {
        Classifier classifier = fixtures.classifier(2_000, 2.0);

        assertTrue(classifier.isSpam(new Email(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, true)));
        assertEquals(false, classifier.isSpam(new Email(new int[] {51, 52, 53, 54, 55, 56, 57, 58}, false)));
    }

    @ParameterizedTest(name = "{0} epochs at rate {1}")
    @CsvSource({"50, 2.0", "400, 0.5"})
    void shorterOrSlowerTrainingStillBeatsAGuess(int epochs, double learningRate, SpamFixtures parameter) {
        double accuracy = parameter.classifier(epochs, learningRate).accuracy(parameter.emails(42, 40_000).test());

        assertTrue(accuracy > 0.75, "accuracy " + accuracy);
    }
}
