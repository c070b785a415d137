package dev.capstan.process.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Binary test output: every byte value, no line structure, the same for the same seed. */
final class RandomData {

    private RandomData() {
    }

    /** Writes 8 MiB, many times a pipe's capacity, to {@code dir/data}. */
    static Path write(Path dir, long seed) throws IOException {
        byte[] bytes = new byte[8 << 20];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve("data"), bytes);
    }
}
