package adv.evo;

import dev.labtech.junit.LabtechCached;

/** Two fixtures: one calls Trainer, which the next version of the project changes; one does not. */
interface EvoFix {
    @LabtechCached
    default int a(int x) {
        return Trainer.train(x);
    }

    @LabtechCached
    default int b(int x) {
        return x + 1;
    }
}
