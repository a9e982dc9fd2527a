package dev.labtech.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage that forwards every call to another; subclasses override what they change (count
 * reads, put a team cache behind it, fail on cue in a test).
 *
 * @since 0.1.0
 */
public class ForwardingStorage implements Storage {

    private final Storage delegate;

    public ForwardingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The storage calls are forwarded to. */
    protected final Storage delegate() {
        return delegate;
    }

    @Override
    public List<String> findKeys() throws IOException {
        return delegate.findKeys();
    }

    @Override
    public boolean exists(String key) throws IOException {
        return delegate.exists(key);
    }

    @Override
    public InputStream read(String key, String fileName) throws IOException {
        return delegate.read(key, fileName);
    }

    @Override
    public Optional<java.nio.ByteBuffer> map(String key, String fileName) throws IOException {
        return delegate.map(key, fileName);
    }

    @Override
    public void write(String key, String fileName, ContentWriter content) throws IOException {
        delegate.write(key, fileName, content);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public long size(String key) throws IOException {
        return delegate.size(key);
    }

    @Override
    public Lock lock(String key) throws IOException {
        return delegate.lock(key);
    }

    @Override
    public void noteCall(String call, String key) throws IOException {
        delegate.noteCall(call, key);
    }

    @Override
    public Optional<String> notedCall(String call) throws IOException {
        return delegate.notedCall(call);
    }

    @Override
    public void markUsed(String key) throws IOException {
        delegate.markUsed(key);
    }

    @Override
    public Optional<Instant> lastUsed(String key) throws IOException {
        return delegate.lastUsed(key);
    }

    @Override
    public boolean isReadOnly() {
        return delegate().isReadOnly();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
