package dev.capstan.etcd;

import java.io.IOException;

/**
 * etcd answered, but not with what was asked: an error of its own (with gRPC's code, e.g. 11
 * OUT_OF_RANGE for a compacted revision, 16 UNAUTHENTICATED) or a reply that does not read.
 */
class EtcdException extends IOException {
    private static final long serialVersionUID = 1L;

    /** gRPC's OUT_OF_RANGE: etcd's "required revision has been compacted". */
    static final int COMPACTED = 11;
    /** gRPC's UNAUTHENTICATED: etcd's "invalid auth token" after the token expired. */
    static final int UNAUTHENTICATED = 16;

    private final int code;

    EtcdException(String message) {
        this(message, 0);
    }

    EtcdException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** gRPC's status code, 0 when the reply did not carry one. */
    int code() {
        return code;
    }
}
