package com.example.spam;

import dev.labtech.junit.LabtechCached;

/** The expensive things the spam tests need, computed once and then loaded from {@code .labtech/}. */
interface SpamFixtures {

    /** A reproducible corpus; the default BinaryCache keeps its records and immutable lists as they are. */
    @LabtechCached
    default Dataset emails(long seed, int count) {
        return EmailGenerator.generate(seed, count, 2_000);
    }

    /** A trained classifier; the nested call to emails(...) is cached on its own. */
    @LabtechCached(version = "1")
    default Classifier classifier(int epochs, double learningRate) {
        return Trainer.train(emails(42, 40_000), epochs, learningRate);
    }
}
