package dev.capstan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.http.HttpRequest;
import dev.capstan.http.Peer;
import dev.capstan.http.Tier;
import dev.capstan.http.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks of an action request that come before the engine: where it came from, and its form. */
class ActionsTest {

    /** A request as the server hands it over: only its headers matter here. */
    private record Headers(Map<String, String> headers) implements HttpRequest {
        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String path() {
            return "/ui/action";
        }

        @Override
        public String query() {
            return "";
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public Peer peer() {
            return new Peer(Transport.TCP, Tier.OPERATOR, "");
        }
    }

    private static boolean sameOrigin(String... headerPairs) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return Actions.sameOrigin(new Headers(headers));
    }

    @Test
    void anOriginMustBeThisHost() {
        assertTrue(sameOrigin("Host", "127.0.0.1:9001", "Origin", "http://127.0.0.1:9001"));
        assertTrue(sameOrigin("Host", "ops.example.com", "Origin", "https://ops.example.com"), "behind a TLS proxy");
        assertFalse(sameOrigin("Host", "127.0.0.1:9001", "Origin", "http://evil.example"));
        assertFalse(sameOrigin("Host", "127.0.0.1:9001", "Origin", "http://127.0.0.1:9002"));
        assertFalse(sameOrigin("Host", "127.0.0.1:9001", "Origin", "null"), "a sandboxed or file: page");
        assertFalse(sameOrigin("Origin", "http://localhost"), "no Host to compare with");
    }

    @Test
    void withoutAnOriginFetchMetadataDecides() {
        assertTrue(sameOrigin("Host", "h", "Sec-Fetch-Site", "same-origin"));
        assertTrue(sameOrigin("Host", "h", "Sec-Fetch-Site", "none"));
        assertFalse(sameOrigin("Host", "h", "Sec-Fetch-Site", "cross-site"));
        assertFalse(sameOrigin("Host", "h", "Sec-Fetch-Site", "same-site"), "a sibling subdomain is another site's page");
        assertTrue(sameOrigin("Host", "h"), "curl sends neither; the token still has to be right");
    }

    @Test
    void theFormIsDecodedAndBounded() {
        Map<String, String> form = Actions.form("token=ab12&action=restart&name=worker%3Aworker_00&signal=HUP&x=a+b"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("token", "ab12", "action", "restart", "name", "worker:worker_00", "signal", "HUP", "x", "a b"),
                form);
        assertEquals("first", Actions.form("name=first&name=second".getBytes(StandardCharsets.UTF_8)).get("name"));
        assertEquals(Map.of("action", "stop"), Actions.form("name=%zz&action=stop&=x&novalue".getBytes(StandardCharsets.UTF_8)),
                "a broken escape, an empty name and a field without a value are left out");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append("f").append(i).append("=v&");
        }
        assertEquals(8, Actions.form(many.toString().getBytes(StandardCharsets.UTF_8)).size());
    }
}
