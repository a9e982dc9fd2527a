package com.example.spam;

import java.util.List;

/**
 * A logistic-regression spam classifier: one weight per vocabulary word and a bias.
 *
 * @param weights how much each word makes an email look like spam
 * @param bias    the log-odds of spam for an email of neutral words
 */
public record Classifier(double[] weights, double bias) {

    /** The probability that {@code email} is spam. */
    public double spamProbability(Email email) {
        double score = bias;
        for (int word : email.words()) {
            score += weights[word];
        }
        return 1 / (1 + Math.exp(-score));
    }

    public boolean isSpam(Email email) {
        return spamProbability(email) > 0.5;
    }

    /** The share of {@code emails} this classifier labels correctly. */
    public double accuracy(List<Email> emails) {
        long correct = emails.stream().filter(email -> isSpam(email) == email.spam()).count();
        return (double) correct / emails.size();
    }
}
