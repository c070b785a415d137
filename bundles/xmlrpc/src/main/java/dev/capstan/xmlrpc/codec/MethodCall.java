package dev.capstan.xmlrpc.codec;

import java.util.List;

/**
 * One XML-RPC request. Parameter values are {@code String}, {@code Long} (int, i4),
 * {@code Boolean}, {@code Double}, {@code java.time.LocalDateTime} (dateTime.iso8601),
 * {@code List<Object>} (array) and {@code Map<String, Object>} (struct, in document order);
 * base64 arrives as the {@code String} it encodes in UTF-8, as supervisord's unmarshaller makes it.
 *
 * @param method the method name as sent (not trimmed)
 * @param params the parameters, possibly none
 */
public record MethodCall(String method, List<Object> params) {
    public MethodCall {
        params = List.copyOf(params);
    }
}
