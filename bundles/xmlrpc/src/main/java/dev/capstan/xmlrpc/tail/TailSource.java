package dev.capstan.xmlrpc.tail;

import java.util.function.Consumer;

/** One log as a streaming tail reads it: a service's stream, or Capstan's own log. */
interface TailSource {

    /** Hands new bytes to {@code sink} on a logs thread (which must not block) until closed. */
    AutoCloseable follow(Consumer<byte[]> sink);

    /** The last {@code n} bytes. */
    byte[] last(int n);

    /** The log's size now, which drops when the log is cleared or truncated. */
    long size();
}
