package dev.capstan.web;

import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The page's static files, {@code /ui/app.css}, {@code /ui/app.js} and {@code /ui/icon.svg}:
 * resources of this bundle, read when asked for (the page is rarely open; nothing is kept in
 * memory for it). Their URLs carry a tag that changes with each boot, so a browser may keep
 * them for a day without ever using an old script with a new page.
 */
final class Assets {
    private Assets() {
    }

    /** @return false when {@code name} is none of the files */
    static boolean serve(String name, HttpResponse response) throws IOException {
        String type = switch (name) {
            case "app.css" -> "text/css; charset=utf-8";
            case "app.js" -> "text/javascript; charset=utf-8";
            case "icon.svg" -> "image/svg+xml";
            default -> null;
        };
        if (type == null) {
            return false;
        }
        byte[] body;
        try (InputStream in = Assets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IOException("assets/" + name + " is missing from the bundle");
            }
            body = in.readAllBytes();
        }
        response.header("Cache-Control", "max-age=86400").header("X-Content-Type-Options", "nosniff")
                .send(200, type, body);
        return true;
    }
}
