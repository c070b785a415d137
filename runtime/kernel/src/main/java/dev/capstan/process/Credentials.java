package dev.capstan.process;

import java.util.Objects;

/**
 * A user to run a child as, looked up when the configuration is read so an unknown user fails
 * there and not at spawn time. The kernel execs the child through
 * {@code setpriv --reuid=UID --regid=GID --init-groups} (or {@code --clear-groups} when the user
 * has no passwd entry), keeping the pid, session and group posix_spawn gave it.
 *
 * @param name the user name as configured, or the number when given as one
 * @param uid  numeric user id
 * @param gid  numeric primary group id
 * @param inPasswd whether /etc/passwd knows the user (supplementary groups come from /etc/group)
 */
public record Credentials(String name, int uid, int gid, boolean inPasswd) {
    public Credentials {
        Objects.requireNonNull(name, "name");
    }
}
