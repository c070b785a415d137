package dev.capstan.http.server;

import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.Tier;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard: every {@link HttpEndpoint} service with a {@value HttpEndpoint#PATH} becomes a
 * route of both listeners as it comes and stops being one as it goes. SCR calls add and remove,
 * on whatever thread registers or unregisters the endpoint. A service of this bundle only.
 */
@Component(service = EndpointWhiteboard.class)
public final class EndpointWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointWhiteboard.class);

    private final Routes routes = new Routes();

    Routes routes() {
        return routes;
    }

    @Reference(service = HttpEndpoint.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "remove")
    void add(HttpEndpoint endpoint, Map<String, Object> properties) {
        Object path = properties.get(HttpEndpoint.PATH);
        long id = (Long) properties.get(Constants.SERVICE_ID);
        if (!(path instanceof String) || !((String) path).startsWith("/")) {
            LOG.error("HTTP endpoint service {} ({}): {} must be a path starting with /, not {}", id,
                    endpoint.getClass().getName(), HttpEndpoint.PATH, path);
            return;
        }
        Object tierValue = properties.get(HttpEndpoint.TIER);
        Tier tier = Tier.OPERATOR;
        if ("administrator".equals(tierValue)) {
            tier = Tier.ADMINISTRATOR;
        } else if (tierValue != null && !"operator".equals(tierValue)) {
            LOG.error("HTTP endpoint {}: {} must be operator or administrator, not {}; not served", path,
                    HttpEndpoint.TIER, tierValue);
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        routes.add(new Route((String) path, tier, endpoint, ranking instanceof Integer ? (Integer) ranking : 0, id));
        LOG.debug("HTTP endpoint {} ({})", path, tier);
    }

    void remove(HttpEndpoint endpoint, Map<String, Object> properties) {
        routes.remove((Long) properties.get(Constants.SERVICE_ID));
    }
}
