package dev.labtech.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A storage that forwards to another; tests override single methods to cause faults. */
public class ForwardingStorage implements Storage {

    private final Storage delegate;

    public ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
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
}
