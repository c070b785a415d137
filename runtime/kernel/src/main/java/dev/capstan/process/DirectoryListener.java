package dev.capstan.process;

/**
 * Hears of changes in a directory the kernel watches ({@link ProcessKernel#watch}).
 *
 * <p>Called on one of the kernel's pipe threads, one call at a time for all the kernel's watches,
 * in the order the system reported the changes; each call happens-before the next. A listener must
 * return quickly and never block: the thread serves every child's output too.
 */
public interface DirectoryListener {

    /**
     * A file or directory in the watched directory appeared, was closed after writing, had its
     * attributes changed, was moved in or out, or was deleted. Writes that are still going on are
     * not reported: a file written in place is reported when it is closed.
     *
     * @param name its name in the directory; null when the system lost changes (its queue was
     *             full), so anything in the directory may have changed
     */
    void changed(String name);

    /**
     * The directory itself was deleted or moved away, or the kernel closed: no call follows. A
     * directory made again at the same path is not watched until it is watched anew.
     */
    void ended();
}
