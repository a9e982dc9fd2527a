package com.example.spam;

import java.io.Serializable;
import java.util.List;

/**
 * Emails split into a training set and a held-out test set.
 *
 * @param train      emails the classifier learns from
 * @param test       emails it is judged on
 * @param vocabulary the number of distinct words
 */
public record Dataset(List<Email> train, List<Email> test, int vocabulary) implements Serializable {
}
