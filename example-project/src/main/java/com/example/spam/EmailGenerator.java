package com.example.spam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a synthetic, reproducible corpus: the same seed always gives the same emails.
 *
 * <p>Each email is written as text and then tokenized against the vocabulary, as a real pipeline
 * would. Words {@code 0..49} of the vocabulary are "spammy" and {@code 50..99} "hammy"; the rest are
 * neutral. Spam draws a third of its words from the spammy ones, ham a third from the hammy ones,
 * and a few emails are mislabelled, so no classifier is perfect.
 */
public final class EmailGenerator {

    public static final int SPAMMY_WORDS = 50;
    private static final int WORDS_PER_EMAIL = 40;
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "we", "xa", "yo", "ze", "bri", "clo", "dra"
    };

    private EmailGenerator() {
    }

    public static Dataset generate(long seed, int emails, int vocabulary) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> words = vocabulary(vocabulary);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        List<Email> all = new ArrayList<>(emails);
        for (int i = 0; i < emails; i++) {
            boolean spam = random.nextBoolean();
            String text = write(random, words, spam);
            boolean mislabelled = random.nextInt(100) < 3;
            all.add(new Email(tokenize(text, index), spam != mislabelled));
        }
        int split = emails * 4 / 5;
        return new Dataset(List.copyOf(all.subList(0, split)), List.copyOf(all.subList(split, emails)), vocabulary);
    }

    private static List<String> vocabulary(int size) {
        List<String> words = new ArrayList<>(size);
        for (int i = 0; words.size() < size; i++) {
            StringBuilder word = new StringBuilder();
            for (int n = i; ; n = n / SYLLABLES.length - 1) {
                word.append(SYLLABLES[n % SYLLABLES.length]);
                if (n < SYLLABLES.length) {
                    break;
                }
            }
            words.add(word.toString());
        }
        return words;
    }

    private static String write(SplittableRandom random, List<String> words, boolean spam) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < WORDS_PER_EMAIL; w++) {
            int word = random.nextInt(3) == 0
                    ? random.nextInt(SPAMMY_WORDS) + (spam ? 0 : SPAMMY_WORDS)
                    : random.nextInt(words.size());
            text.append(w == 0 ? "" : random.nextInt(8) == 0 ? ". " : " ").append(words.get(word));
        }
        return text.append('.').toString();
    }

    private static int[] tokenize(String text, Map<String, Integer> index) {
        return java.util.Arrays.stream(text.split("[ .]+"))
                .filter(token -> !token.isEmpty())
                .mapToInt(index::get)
                .toArray();
    }
}
