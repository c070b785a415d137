import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * {@code java StoreJars.java DIR...}: rewrites every jar below the directories with its entries
 * stored (uncompressed), same names, order and times. Run by the build on the assembled
 * distribution, before its class data sharing archive is made.
 *
 * <p>Why: the JVM and Felix keep every jar they read open for the life of the process, and each
 * open jar that was read from keeps its zlib inflaters (native memory) cached; a bundle's classes
 * are inflated at every boot even when the CDS archive holds them (the archive checks them against
 * the jar's bytes). Stored jars need no inflater: less resident memory and boot CPU, for jars
 * about twice as large on disk; the tarball compresses them (BENCHMARKS.md, "Measurements behind
 * the code").
 */
public final class StoreJars {
    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            List<Path> jars;
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
            }
            for (Path jar : jars) {
                store(jar);
            }
        }
    }

    private static void store(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".stored");
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry from = e.nextElement();
                byte[] bytes;
                try (InputStream entry = in.getInputStream(from)) {
                    bytes = entry.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry to = new ZipEntry(from.getName());
                to.setMethod(ZipEntry.STORED);
                to.setSize(bytes.length);
                to.setCompressedSize(bytes.length);
                to.setCrc(crc.getValue());
                to.setTime(from.getTime());
                out.putNextEntry(to);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
