package dev.capstan.web;

import dev.capstan.api.ServiceStatus;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * {@code GET /}: the whole page, written here as HTML (no template engine); its style and script
 * are static files of this bundle ({@link Assets}). Everything is on the page when it arrives, so
 * it reads without its script; the script then refreshes the rows, ticks the uptimes, and adds
 * the actions and the log tails.
 */
final class Page {
    private final String host;
    private final String version;
    private final long pid;
    private final Instant started;
    private final String token;
    private final String assets;

    /**
     * @param host    this machine's (or container's) name
     * @param started when Capstan started, or null if unknown
     * @param token   what the actions ask for ({@link Actions})
     * @param assets  a tag that changes whenever the static files may have, for their URLs
     */
    Page(String host, String version, long pid, Instant started, String token, String assets) {
        this.host = host;
        this.version = version;
        this.pid = pid;
        this.started = started;
        this.token = token;
        this.assets = assets;
    }

    String render(List<ServiceStatus> services, Bundle[] bundles, Instant now) {
        StringBuilder html = new StringBuilder(4096 + services.size() * 700 + bundles.length * 200);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .append("<meta name=\"capstan-token\" content=\"").append(token).append("\">\n<title>");
        Text.html(html, host).append(" · Capstan</title>\n")
                .append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/ui/icon.svg?v=").append(assets).append("\">\n")
                .append("<link rel=\"stylesheet\" href=\"/ui/app.css?v=").append(assets).append("\">\n")
                .append("<script src=\"/ui/app.js?v=").append(assets).append("\" defer></script>\n</head>\n")
                .append("<body data-now=\"").append(now.toEpochMilli()).append("\">\n");
        header(html, now);
        html.append("<main>\n<div class=\"toolbar\">\n")
                .append("<div class=\"summary\" id=\"summary\" aria-live=\"polite\"></div>\n")
                .append("<input type=\"search\" id=\"filter\" placeholder=\"Filter services\" aria-label=\"Filter services\""
                        + " autocomplete=\"off\" spellcheck=\"false\">\n</div>\n")
                .append("<div class=\"card\">\n<table class=\"services\">\n<thead><tr><th>Service</th><th>State</th>")
                .append("<th>Ready</th><th class=\"num\">Uptime</th><th class=\"num\">PID</th><th class=\"num\">Restarts</th>")
                .append("<th>Last exit</th><th><span class=\"sr\">Actions</span></th></tr></thead>\n<tbody id=\"rows\" data-tag=\"")
                .append(ServiceRows.fingerprint(services)).append("\">\n");
        ServiceRows.write(html, services, now);
        html.append("</tbody>\n</table>\n</div>\n");
        bundles(html, bundles);
        html.append("</main>\n");
        logPanel(html);
        html.append("<div id=\"menu\" class=\"menu\" role=\"menu\" hidden></div>\n")
                .append("<div id=\"toast\" class=\"toast\" role=\"status\" aria-live=\"polite\" hidden></div>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private void header(StringBuilder html, Instant now) {
        html.append("<header class=\"top\">\n<div class=\"brand\">")
                .append("<svg class=\"logo\" viewBox=\"0 0 32 32\" aria-hidden=\"true\"><use href=\"/ui/icon.svg?v=")
                .append(assets).append("#mark\"/></svg>")
                .append("<span class=\"product\">Capstan</span><span class=\"host\">");
        Text.html(html, host).append("</span></div>\n<div class=\"about\"><span>v");
        Text.html(html, version).append("</span><span>pid ").append(pid).append("</span>");
        if (started != null) {
            html.append("<span id=\"capstan-uptime\" data-started=\"").append(started.toEpochMilli()).append("\">up ")
                    .append(Text.duration((now.toEpochMilli() - started.toEpochMilli()) / 1000)).append("</span>");
        }
        html.append("<button class=\"btn\" id=\"mainlog\">Capstan log</button></div>\n</header>\n");
    }

    private static void bundles(StringBuilder html, Bundle[] bundles) {
        html.append("<details class=\"card bundles\">\n<summary>Bundles <span class=\"count\">").append(bundles.length)
                .append("</span></summary>\n<table>\n<thead><tr><th class=\"num\">ID</th><th>Symbolic name</th><th>Version</th>")
                .append("<th>State</th><th class=\"num\">Level</th></tr></thead>\n<tbody>\n");
        for (Bundle b : bundles) {
            String state = state(b.getState());
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            html.append("<tr><td class=\"num\">").append(b.getBundleId()).append("</td><td class=\"mono\">");
            Text.html(html, String.valueOf(b.getSymbolicName())).append("</td><td class=\"mono\">");
            Text.html(html, b.getVersion().toString()).append("</td><td><span class=\"bstate b-")
                    .append(state.toLowerCase(java.util.Locale.ROOT)).append("\">").append(state)
                    .append("</span></td><td class=\"num\">").append(level == null ? "" : Integer.toString(level.getStartLevel()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</details>\n");
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "Active";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.INSTALLED -> "Installed";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            default -> "Uninstalled";
        };
    }

    private static void logPanel(StringBuilder html) {
        html.append("<section id=\"log\" class=\"log\" aria-label=\"Log\" hidden>\n<div class=\"log-head\">")
                .append("<span class=\"log-title\" id=\"log-title\"></span>")
                .append("<span class=\"seg\" id=\"log-streams\" role=\"group\" aria-label=\"Stream\">")
                .append("<button class=\"btn\" data-stream=\"stdout\" aria-pressed=\"true\">stdout</button>")
                .append("<button class=\"btn\" data-stream=\"stderr\" aria-pressed=\"false\">stderr</button></span>")
                .append("<span class=\"log-state\" id=\"log-state\"></span>")
                .append("<button class=\"btn\" id=\"log-pause\">Pause</button>")
                .append("<button class=\"btn\" id=\"log-clear\">Clear</button>")
                .append("<button class=\"btn close\" id=\"log-close\" aria-label=\"Close the log\">×</button></div>\n")
                .append("<pre id=\"log-text\" tabindex=\"0\"></pre>\n</section>\n");
    }
}
