package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.itests.ComparedServers.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XML-RPC and the log tails at the HTTP level, with curl on the Unix socket and over TCP, against
 * a real supervisord and Capstan: the same status codes and the same response bytes; where Capstan
 * refuses what supervisord takes (a DOCTYPE, a huge or too deeply nested body), Capstan's answer,
 * and that it answers the next request as before.
 */
class XmlRpcProtocolIT {

    private static final String CONFIG = String.join("\n",
            "[unix_http_server]",
            "file = %(here)s/run/supervisor.sock",
            "",
            "[inet_http_server]",
            "port = 127.0.0.1:{PORT}",
            "username = ops",
            "password = " + SupervisorctlIT.PASSWORD,
            "",
            "[supervisord]",
            "logfile = %(here)s/supervisord.log",
            "pidfile = %(here)s/supervisord.pid",
            "childlogdir = %(here)s/logs",
            "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "",
            "[program:web]",
            "command = sh -c 'echo hello; exec sleep 1000'",
            "");

    private static final String GET_STATE = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState"
            + "</methodName>\n<params>\n</params>\n</methodCall>\n";

    private static ComparedServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = ComparedServers.start("xmlrpc-protocol", CONFIG);
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    /** curl's status line and body, for a request with {@code body} (or none). */
    record Answer(int status, String body) {
    }

    private static Answer curl(Side side, boolean tcp, String method, String path, byte[] body, String... more)
            throws Exception {
        Path request = side.dir.resolve("curl.request");
        Path response = side.dir.resolve("curl.response");
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", response.toString(), "-w", "%{http_code}",
                "-X", method, "--max-time", "20"));
        if (tcp) {
            cmd.add("http://127.0.0.1:" + side.port + path);
        } else {
            cmd.addAll(List.of("--unix-socket", side.socket.toString(), "http://localhost" + path));
        }
        if (body != null) {
            Files.write(request, body);
            cmd.addAll(List.of("-H", "Content-Type: text/xml", "--data-binary", "@" + request));
        }
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
        return new Answer(Integer.parseInt(code.strip()),
                Files.exists(response) ? Files.readString(response, StandardCharsets.UTF_8) : "");
    }

    private static Answer rpc(Side side, String xml) throws Exception {
        return curl(side, false, "POST", "/RPC2", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void curlOnTheUnixSocketGetsSupervisordsBytes() throws Exception {
        Answer original = rpc(servers.supervisord, GET_STATE);
        assertEquals(200, original.status());
        assertEquals(original, rpc(servers.capstan, GET_STATE));
        String getPid = GET_STATE.replace("getState", "nosuch");
        assertEquals(rpc(servers.supervisord, getPid), rpc(servers.capstan, getPid));
    }

    @Test
    void overTcpBasicAuthIsRequired() throws Exception {
        for (Side side : List.of(servers.supervisord, servers.capstan)) {
            byte[] body = GET_STATE.getBytes(StandardCharsets.UTF_8);
            assertEquals(401, curl(side, true, "POST", "/RPC2", body).status(), side.name);
            assertEquals(401, curl(side, true, "POST", "/RPC2", body, "-u", "ops:wrong").status(), side.name);
            Answer ok = curl(side, true, "POST", "/RPC2", body, "-u", "ops:" + SupervisorctlIT.PASSWORD);
            assertEquals(200, ok.status(), side.name);
            assertTrue(ok.body().contains("<name>statename</name>"), ok.body());
        }
    }

    @Test
    void whatSupervisordRefusesWith400CapstanRefusesToo() throws Exception {
        for (String bad : List.of(
                "<methodCall><methodName>supervisor.getState",
                "<methodCall><params/></methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                "not xml",
                "<methodCall><methodName>supervisor.getState</methodName><params><param><value><int>x</int></value>"
                        + "</param></params></methodCall>")) {
            for (Side side : List.of(servers.supervisord, servers.capstan)) {
                assertEquals(400, rpc(side, bad).status(), side.name + ": " + bad);
            }
        }
        for (Side side : List.of(servers.supervisord, servers.capstan)) {
            assertEquals(400, curl(side, false, "GET", "/RPC2", null).status(), side.name + ": GET /RPC2");
        }
    }

    /**
     * A DOCTYPE: supervisord expands its entities (here into the method name); Capstan refuses
     * every DOCTYPE (no XXE, no entity expansion). A body past 1 MiB and XML nested deeper than 100
     * elements are refused too; Capstan answers the next request as before.
     */
    @Test
    void capstanRefusesDoctypesHugeBodiesAndDeepNesting() throws Exception {
        String doctype = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY e 'supervisor.getState'>]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>";
        assertEquals(200, rpc(servers.supervisord, doctype).status());
        assertEquals(400, rpc(servers.capstan, doctype).status());

        String huge = "<methodCall><methodName>supervisor.getState</methodName><params><param><value><string>"
                + "x".repeat(2 * 1024 * 1024) + "</string></value></param></params></methodCall>";
        assertEquals(413, rpc(servers.capstan, huge).status());

        String deep = "<methodCall><methodName>supervisor.getState</methodName><params><param>"
                + "<value><array><data>".repeat(40) + "</data></array></value>".repeat(40) + "</param></params></methodCall>";
        assertEquals(400, rpc(servers.capstan, deep).status());

        assertEquals(rpc(servers.supervisord, GET_STATE), rpc(servers.capstan, GET_STATE));
    }

    @Test
    void logTailsAnswerAsSupervisordsDo() throws Exception {
        for (Side side : List.of(servers.supervisord, servers.capstan)) {
            assertEquals(404, curl(side, false, "GET", "/logtail/nosuch", null).status(), side.name);
            assertEquals(404, curl(side, false, "GET", "/logtail/web/stdio", null).status(), side.name);
            assertEquals(400, curl(side, false, "POST", "/logtail/web", new byte[0]).status(), side.name);
            // a tail never ends by itself: curl gives up after a second with what it got
            Answer tail = curl(side, false, "GET", "/logtail/web", null, "--max-time", "1");
            assertEquals(200, tail.status(), side.name);
            assertEquals("hello\n", tail.body(), side.name);
        }
        Answer page = curl(servers.capstan, false, "GET", "/", null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<tr id=\"svc-web\" data-name=\"web\" data-state=\"RUNNING\""), page.body());
    }
}
