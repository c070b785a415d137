package dev.capstan.process.linux;

import dev.capstan.process.DirectoryListener;
import dev.capstan.process.DirectoryWatch;
import dev.capstan.process.OutputHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's directory watches: one inotify instance, made with the first watch, whose fd is read
 * by the pipe threads like any output pipe ({@link PipeIo}), so a watch costs no thread of its own
 * and an idle directory no wakeup. Each read returns whole {@code struct inotify_event}s
 * ({@code int wd; uint32_t mask, cookie, len; char name[len]}, in the machine's byte order), which
 * are turned into calls of the watches' listeners, on that pipe thread, in order.
 *
 * <p>A directory watched twice has one inotify watch descriptor and a listener per watch.
 */
final class DirectoryWatches implements OutputHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatches.class);

    private static final int IN_NONBLOCK = Native.O_NONBLOCK;
    private static final int IN_ATTRIB = 0x4;
    private static final int IN_CLOSE_WRITE = 0x8;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_Q_OVERFLOW = 0x4000;
    /** The watch is gone: removed, or its directory deleted or unmounted. */
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x1000000;
    /** What a change is; {@code IN_MODIFY} is not: a file being written is reported once closed. */
    private static final int CHANGES = IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
    private static final int MASK = CHANGES | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
    private static final int HEADER = 16;

    private final PipeIo pipes;
    private int fd = -1; // guarded by this
    private final Map<Integer, List<Watch>> byDescriptor = new HashMap<>(); // guarded by this

    /** One listener's watch of one directory. */
    private final class Watch implements DirectoryWatch {
        final int descriptor;
        final DirectoryListener listener;
        volatile boolean open = true;

        Watch(int descriptor, DirectoryListener listener) {
            this.descriptor = descriptor;
            this.listener = listener;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                forget(this);
            }
        }
    }

    DirectoryWatches(PipeIo pipes) {
        this.pipes = pipes;
    }

    synchronized DirectoryWatch watch(Path directory, DirectoryListener listener) throws IOException {
        if (fd == -1) {
            int made = Libc.inotify_init1(IN_NONBLOCK | Native.O_CLOEXEC);
            if (made == -1) {
                throw new IOException(directory + ": inotify_init1: " + Native.strerror(Native.errno()));
            }
            try {
                pipes.add(made, this);
            } catch (NativeException e) {
                Native.close(made);
                throw new IOException(directory + ": " + e.getMessage(), e);
            }
            fd = made;
        }
        int descriptor = Libc.inotify_add_watch(fd, directory.toString(), MASK);
        if (descriptor == -1) {
            throw new IOException(directory + ": inotify_add_watch: " + Native.strerror(Native.errno()));
        }
        Watch w = new Watch(descriptor, listener);
        byDescriptor.computeIfAbsent(descriptor, d -> new ArrayList<>(1)).add(w);
        return w;
    }

    private synchronized void forget(Watch w) {
        List<Watch> watches = byDescriptor.get(w.descriptor);
        if (watches != null && watches.remove(w) && watches.isEmpty()) {
            byDescriptor.remove(w.descriptor);
            // Fails with EINVAL when the directory went meanwhile; its IN_IGNORED is on its way.
            Libc.inotify_rm_watch(fd, w.descriptor);
        }
    }

    @Override
    public void onOutput(ByteBuffer bytes) {
        ByteBuffer events = bytes.slice().order(ByteOrder.nativeOrder());
        while (events.remaining() >= HEADER) {
            int descriptor = events.getInt();
            int mask = events.getInt();
            events.getInt(); // cookie
            int length = events.getInt();
            String name = null;
            if (length > 0) {
                byte[] raw = new byte[length];
                events.get(raw);
                int end = 0;
                while (end < length && raw[end] != 0) {
                    end++;
                }
                name = new String(raw, 0, end, Charset.defaultCharset());
            }
            deliver(descriptor, mask, name);
        }
    }

    private void deliver(int descriptor, int mask, String name) {
        if ((mask & IN_Q_OVERFLOW) != 0) {
            for (Watch w : all()) {
                changed(w, null);
            }
            return;
        }
        // The directory went (IN_IGNORED follows its deletion), or was moved away, where the
        // watch would follow it: either way it no longer watches the path it was asked for.
        boolean gone = (mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) != 0;
        List<Watch> watches;
        synchronized (this) {
            List<Watch> current = byDescriptor.get(descriptor);
            if (current == null) {
                return; // closed, or gone, while its events were on their way
            }
            if (gone) {
                watches = byDescriptor.remove(descriptor);
                Libc.inotify_rm_watch(fd, descriptor); // EINVAL when already removed: nothing to do
            } else {
                watches = List.copyOf(current);
            }
        }
        for (Watch w : watches) {
            if (gone) {
                end(w);
            } else if ((mask & CHANGES) != 0 && name != null) { // without a name it is the directory's own
                changed(w, name);
            }
        }
    }

    private synchronized List<Watch> all() {
        List<Watch> watches = new ArrayList<>();
        byDescriptor.values().forEach(watches::addAll);
        return watches;
    }

    private static void changed(Watch w, String name) {
        if (!w.open) {
            return;
        }
        try {
            w.listener.changed(name);
        } catch (RuntimeException e) {
            LOG.error("directory listener {} failed", w.listener, e);
        }
    }

    private static void end(Watch w) {
        if (!w.open) {
            return;
        }
        w.open = false;
        try {
            w.listener.ended();
        } catch (RuntimeException e) {
            LOG.error("directory listener {} failed", w.listener, e);
        }
    }

    /** The kernel closed the inotify fd (at its close): every watch ends. */
    @Override
    public void onEnd() {
        List<Watch> watches;
        synchronized (this) {
            watches = all();
            byDescriptor.clear();
            fd = -1;
        }
        watches.forEach(DirectoryWatches::end);
    }
}
