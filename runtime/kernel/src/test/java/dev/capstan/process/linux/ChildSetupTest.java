package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.process.Credentials;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment, directory, umask and user are exactly what the request says. */
class ChildSetupTest extends KernelPerClass {

    @TempDir
    Path tmp;

    @Test
    void environmentIsExactlyTheRequested() throws Exception {
        Map<String, String> env = Map.of("A", "1", "B", "two words", "EMPTY", "");
        // env is found through this JVM's PATH although the child has none.
        assertEquals(Set.of("A=1", "B=two words", "EMPTY="), Set.of(run(SpawnRequest.builder(List.of("env")).environment(env)).split("\n")));
        assertEquals("", run(SpawnRequest.builder(List.of("env"))));
    }

    @Test
    void aLargeEnvironmentAndArgvArriveWholeAndTheNextSpawnSeesOnlyItsOwn() throws Exception {
        String big = "x".repeat(10_000);
        assertEquals(Set.of("BIG=" + big, "A=1"),
                Set.of(run(SpawnRequest.builder(List.of("env")).environment(Map.of("BIG", big, "A", "1"))).split("\n")));
        assertEquals(big + " two\n", run(sh("echo \"$1\" \"$2\"", big, "two")));
        assertEquals(Set.of("A=1"), Set.of(run(SpawnRequest.builder(List.of("env")).environment(Map.of("A", "1"))).split("\n")));
    }

    @Test
    void directory() throws Exception {
        assertEquals(tmp.toRealPath() + "\n", run(SpawnRequest.builder(List.of("pwd")).directory(tmp)));
    }

    @Test
    void umaskAppliesToTheChildAlone() throws Exception {
        int jvmUmask = Libc.umask(022);
        Libc.umask(jvmUmask);

        assertEquals("0027\n", run(sh("umask").umask(027)));
        exit(kernel.spawn(sh(": > made").directory(tmp).umask(077).build()));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(tmp.resolve("made")));

        assertEquals(jvmUmask, Libc.umask(jvmUmask), "the JVM's umask after the spawns");
    }

    @Test
    void anotherUserFromPasswd() throws Exception {
        assumeRoot();
        String[] nobody = Files.readAllLines(Path.of("/etc/passwd")).stream()
                .filter(l -> l.startsWith("nobody:")).findFirst().orElseThrow().split(":");
        Credentials user = new Credentials("nobody", Integer.parseInt(nobody[2]), Integer.parseInt(nobody[3]), true);
        String ids = user.uid() + "\n" + user.gid() + "\n" + user.gid() + "\n";
        assertEquals(ids, run(sh("id -u; id -g; id -G").environment(Map.of("PATH", "/usr/bin:/bin")).user(user)));
    }

    @Test
    void anotherUserByNumberHasNoSupplementaryGroups() throws Exception {
        assumeRoot();
        Credentials user = new Credentials("12345", 12345, 12346, false);
        assertEquals("12345\n12346\n12346\n", run(sh("id -u; id -g; id -G").environment(Map.of("PATH", "/usr/bin:/bin")).user(user)));
    }

    @Test
    void anotherUserKeepsEnvironmentAndUmask() throws Exception {
        assumeRoot();
        Credentials user = new Credentials("12345", 12345, 12345, false);
        assertEquals(Set.of("ONLY=this"), Set.of(run(SpawnRequest.builder(List.of("env")).environment(Map.of("ONLY", "this")).user(user)).split("\n")));
        assertEquals("0027\n", run(sh("umask").umask(027).user(user)));
    }

    private static void assumeRoot() {
        boolean root = TestPosix.POSIX.geteuid() == 0;
        if (!root) {
            System.out.println("skipped: setpriv can switch users only for root");
        }
        assumeTrue(root, "setpriv can switch users only for root");
    }

    /** Runs the request with its stdout on a pipe; returns the output once it exited 0. */
    private static String run(SpawnRequest.Builder request) throws Exception {
        Collector out = new Collector();
        ExitStatus status = exit(kernel.spawn(request.stdout(Stdio.pipe(out)).build()));
        String text = out.text();
        assertEquals(ExitStatus.exited(0), status, text);
        return text;
    }
}
