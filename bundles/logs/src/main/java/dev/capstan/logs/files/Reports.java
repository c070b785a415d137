package dev.capstan.logs.files;

/**
 * Where the logs bundle tells the operator about trouble with logging itself. In Capstan this is
 * Capstan's own log, whose errors and warnings appear on its stderr.
 */
public interface Reports {

    /** Something is lost or broken until further notice (said once, not per write). */
    void error(String message);

    /** Something went wrong and is over, or will not stop the service. */
    void warn(String message);
}
