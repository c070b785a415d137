package dev.capstan.process;

/** A directory the kernel watches for its {@link DirectoryListener}; closing it ends the watch. */
public interface DirectoryWatch extends AutoCloseable {

    /** Stops the calls to the listener (one in progress may still finish); idempotent. */
    @Override
    void close();
}
