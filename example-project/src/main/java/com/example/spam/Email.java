package com.example.spam;

import java.io.Serializable;

/**
 * An email as a bag of words: the vocabulary indices of the words it contains.
 *
 * @param words vocabulary indices, one per word occurrence
 * @param spam  whether the email is spam
 */
public record Email(int[] words, boolean spam) implements Serializable {
}
