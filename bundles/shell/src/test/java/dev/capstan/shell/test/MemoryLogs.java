package dev.capstan.shell.test;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSlice;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.api.SupervisorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * ServiceLogs for tests: output kept in memory per "name/STREAM", fed with {@link #write}, which
 * also feeds the current followers. Counts open follow handles so a test can see them closed.
 */
public final class MemoryLogs implements ServiceLogs {
    public static final String MAIN = "capstan/MAIN";
    private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<byte[]>>> followers = new ConcurrentHashMap<>();
    /** Follow handles not yet closed. */
    public final AtomicInteger openFollows = new AtomicInteger();
    public final List<String> cleared = new CopyOnWriteArrayList<>();

    public void write(String name, StreamName stream, String text) {
        write(name + "/" + stream, text);
    }

    public void writeMain(String text) {
        write(MAIN, text);
    }

    private void write(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        logs.computeIfAbsent(key, k -> new ByteArrayOutputStream()).writeBytes(bytes);
        for (Consumer<byte[]> sink : followers.getOrDefault(key, List.of())) {
            sink.accept(bytes);
        }
    }

    @Override
    public ServiceOutput open(ServiceSpec spec) {
        throw new UnsupportedOperationException("the shell never opens output");
    }

    @Override
    public byte[] tail(String name, StreamName stream, int bytes) {
        return tail(known(name + "/" + stream), bytes);
    }

    @Override
    public AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink) {
        return follow(known(name + "/" + stream), sink);
    }

    @Override
    public LogSlice read(String name, StreamName stream, long offset, int length) {
        return slice(known(name + "/" + stream), offset, length);
    }

    @Override
    public LogSlice readMain(long offset, int length) {
        return slice(MAIN, offset, length);
    }

    @Override
    public void clearMain() {
        logs.remove(MAIN);
    }

    @Override
    public byte[] mainTail(int bytes) {
        return tail(MAIN, bytes);
    }

    @Override
    public AutoCloseable followMain(Consumer<byte[]> sink) {
        return follow(MAIN, sink);
    }

    @Override
    public void clear(String name) {
        known(name + "/" + StreamName.STDOUT);
        cleared.add(name);
    }

    @Override
    public void reopen() {
    }

    @Override
    public void forget(String name) {
    }

    private String known(String key) {
        if (!logs.containsKey(key)) {
            throw new SupervisorException(Fault.BAD_NAME, key);
        }
        return key;
    }

    private byte[] tail(String key, int bytes) {
        byte[] all = logs.computeIfAbsent(key, k -> new ByteArrayOutputStream()).toByteArray();
        return Arrays.copyOfRange(all, Math.max(0, all.length - bytes), all.length);
    }

    private LogSlice slice(String key, long offset, int length) {
        byte[] all = logs.computeIfAbsent(key, k -> new ByteArrayOutputStream()).toByteArray();
        int from = (int) Math.min(all.length, offset < 0 ? Math.max(0, all.length + offset) : offset);
        return new LogSlice(Arrays.copyOfRange(all, from, (int) Math.min(all.length, from + (long) length)), from, all.length);
    }

    private AutoCloseable follow(String key, Consumer<byte[]> sink) {
        followers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(sink);
        openFollows.incrementAndGet();
        return () -> {
            if (followers.get(key).remove(sink)) {
                openFollows.decrementAndGet();
            }
        };
    }

    /** Names with output, for assertions. */
    public List<String> keys() {
        return new ArrayList<>(logs.keySet());
    }
}
