package dev.capstan.http.server;

import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.Tier;

/**
 * One registered endpoint.
 *
 * @param path     an exact path, or a prefix when it ends in "/"
 * @param tier     the lowest tier allowed
 * @param endpoint the service
 * @param ranking  its service.ranking: the higher serves a path registered twice
 * @param id       its service.id, to find it again when it goes
 */
record Route(String path, Tier tier, HttpEndpoint endpoint, int ranking, long id) {

    boolean matches(String requestPath) {
        return path.endsWith("/") ? requestPath.startsWith(path) : requestPath.equals(path);
    }
}
