package com.example.spam;

/** Trains a {@link Classifier} by full-batch gradient descent: slow on purpose, deterministic always. */
public final class Trainer {

    private Trainer() {
    }

    public static Classifier train(Dataset dataset, int epochs, double learningRate) {
        double[] weights = new double[dataset.vocabulary()];
        double bias = 0;
        double[] gradient = new double[weights.length];
        int n = dataset.train().size();
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Arrays.fill(gradient, 0);
            double biasGradient = 0;
            Classifier current = new Classifier(weights, bias);
            for (Email email : dataset.train()) {
                double error = current.spamProbability(email) - (email.spam() ? 1 : 0);
                for (int word : email.words()) {
                    gradient[word] += error;
                }
                biasGradient += error;
            }
            for (int i = 0; i < weights.length; i++) {
                weights[i] -= learningRate * gradient[i] / n;
            }
            bias -= learningRate * biasGradient / n;
        }
        return new Classifier(weights.clone(), bias);
    }
}
