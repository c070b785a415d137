package dev.capstan.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real etcd (Debian's etcd-server, {@code /usr/bin/etcd}) for tests: one member or a cluster
 * on free loopback ports, its data in a directory of the test's, started by the test and
 * stopped by its pid; {@link #close} kills it and anything it started, whatever happened. Also
 * {@code etcdctl} against it. Tests that share a JVM with Capstan's reaper must not use this
 * (it starts processes through the JDK): the bundle's unit tests and the end-to-end tests, which
 * run Capstan as a process of its own, do.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");
    private static final Duration START = Duration.ofSeconds(30);

    private final String name;
    private final Path dir;
    private final int clientPort;
    private final int peerPort;
    private final List<String> extra;
    private final List<String> ctlFlags;
    private String initialCluster;
    private String clusterToken;
    private Process process;

    private EtcdServer(String name, Path dir, List<String> extra, List<String> ctlFlags) throws IOException {
        this.name = name;
        this.dir = dir;
        this.clientPort = freePort();
        this.peerPort = freePort();
        this.extra = List.copyOf(extra);
        this.ctlFlags = List.copyOf(ctlFlags);
    }

    /** Whether etcd and etcdctl are installed (Debian packages etcd-server and etcd-client). */
    public static boolean installed() {
        return Files.isExecutable(ETCD) && Files.isExecutable(ETCDCTL);
    }

    /** One member, plain HTTP. */
    public static EtcdServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of(), List.of());
    }

    /**
     * One member with more flags (e.g. TLS: {@code --cert-file}...), over https when they ask
     * for it, and the flags etcdctl then needs ({@code --cacert}...).
     */
    public static EtcdServer start(Path dir, List<String> flags, List<String> ctlFlags) throws IOException, InterruptedException {
        EtcdServer server = new EtcdServer("m0", dir.resolve("m0"), flags, ctlFlags);
        server.initialCluster = server.name + "=" + server.peerUrl();
        server.clusterToken = "capstan-test-" + UUID.randomUUID();
        server.launch();
        return server;
    }

    /** {@code members} members forming one cluster. */
    public static List<EtcdServer> cluster(Path dir, int members) throws IOException, InterruptedException {
        List<EtcdServer> servers = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            EtcdServer s = new EtcdServer("m" + i, dir.resolve("m" + i), List.of(), List.of());
            servers.add(s);
            peers.add(s.name + "=" + s.peerUrl());
        }
        String token = "capstan-test-" + UUID.randomUUID();
        for (EtcdServer s : servers) {
            s.initialCluster = String.join(",", peers);
            s.clusterToken = token;
            s.process = s.spawn();
        }
        for (EtcdServer s : servers) {
            s.awaitHealthy();
        }
        return servers;
    }

    /** {@code http://127.0.0.1:PORT} (https with TLS flags). */
    public String endpoint() {
        return (extra.stream().anyMatch(f -> f.startsWith("--cert-file")) ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM by pid, and waits for it to exit; its data stays for {@link #restart}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** SIGKILL by pid: a member that dies without a word. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Starts it again on the same ports with the same data. */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    /**
     * Runs {@code etcdctl} against this member (API v3) and returns its output.
     *
     * @throws AssertionError when it fails
     */
    public String ctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + endpoint(), "--command-timeout=20s"));
        command.addAll(ctlFlags);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("etcdctl " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    /** {@code etcdctl put KEY VALUE}; returns the revision the put made. */
    public long put(String key, String value) throws IOException, InterruptedException {
        ctl("put", key, value);
        return revision();
    }

    /** The store's current revision. */
    public long revision() throws IOException, InterruptedException {
        String json = ctl("get", "--write-out=json", "/");
        int at = json.indexOf("\"revision\":");
        int end = at + "\"revision\":".length();
        int stop = end;
        while (stop < json.length() && Character.isDigit(json.charAt(stop))) {
            stop++;
        }
        return Long.parseLong(json.substring(end, stop));
    }

    /** Its log so far (etcd writes it to stderr). */
    public String log() throws IOException {
        Path log = dir.resolve("etcd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void launch() throws IOException, InterruptedException {
        process = spawn();
        awaitHealthy();
    }

    private Process spawn() throws IOException {
        Files.createDirectories(dir);
        String client = endpoint();
        List<String> command = new ArrayList<>(List.of(ETCD.toString(), "--name", name, "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peerUrl(), "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster, "--initial-cluster-token", clusterToken, "--initial-cluster-state", "new"));
        command.addAll(extra);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile())).start();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd " + name + " exited " + process.exitValue() + ":\n" + log());
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(100);
        }
        kill();
        throw new IOException("etcd " + name + " not healthy after " + START.toSeconds() + " s:\n" + log());
    }

    private boolean healthy() {
        if (endpoint().startsWith("https")) {
            try {
                return ctl("endpoint", "health").contains("is healthy");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (IOException | AssertionError e) {
                return false;
            }
        }
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/health").openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"true\"");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
