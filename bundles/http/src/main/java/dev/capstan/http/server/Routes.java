package dev.capstan.http.server;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The endpoints the server routes to: the longest matching path wins, then the highest ranking.
 * Read on every request without a lock (an array replaced whole on each change).
 */
final class Routes {
    private static final Comparator<Route> ORDER = new Comparator<Route>() {
        @Override
        public int compare(Route a, Route b) {
            int byLength = Integer.compare(b.path().length(), a.path().length());
            return byLength != 0 ? byLength : Integer.compare(b.ranking(), a.ranking());
        }
    };

    private volatile Route[] routes = new Route[0];

    synchronized void add(Route route) {
        Route[] next = Arrays.copyOf(routes, routes.length + 1);
        next[routes.length] = route;
        Arrays.sort(next, ORDER);
        routes = next;
    }

    synchronized void remove(long id) {
        Route[] next = new Route[routes.length];
        int n = 0;
        for (Route r : routes) {
            if (r.id() != id) {
                next[n++] = r;
            }
        }
        routes = Arrays.copyOf(next, n);
    }

    /** The route of a request path, or null. */
    Route find(String path) {
        for (Route r : routes) {
            if (r.matches(path)) {
                return r;
            }
        }
        return null;
    }
}
