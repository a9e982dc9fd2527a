package dev.labtech;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Records what labtech logs (through {@code System.Logger}, backed by java.util.logging) while open. */
public final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("dev.labtech");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogRecorder() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** The formatted messages logged at {@code level}. */
    public List<String> messages(Level level) {
        return records.stream()
                .filter(record -> record.getLevel().equals(level))
                .map(record -> new java.util.logging.SimpleFormatter().formatMessage(record))
                .collect(Collectors.toList());
    }

    public List<String> warnings() {
        return messages(Level.WARNING);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
