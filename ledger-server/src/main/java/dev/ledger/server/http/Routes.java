package dev.ledger.server.http;

import java.util.List;

/**
 * The routes of the HTTP API (API.md): each with its method and path template. The OpenAPI document is
 * checked against this table by a test.
 */
final class Routes
{
    /** A route; {@code {id}} stands for a 128-bit decimal id. */
    enum Route
    {
        ACCOUNTS(true, "/v1/accounts"),
        TRANSFERS(true, "/v1/transfers"),
        ACCOUNTS_LOOKUP(true, "/v1/accounts/lookup"),
        TRANSFERS_LOOKUP(true, "/v1/transfers/lookup"),
        ACCOUNTS_QUERY(true, "/v1/accounts/query"),
        TRANSFERS_QUERY(true, "/v1/transfers/query"),
        ACCOUNT(false, "/v1/accounts/{id}"),
        TRANSFER(false, "/v1/transfers/{id}"),
        ACCOUNT_TRANSFERS(false, "/v1/accounts/{id}/transfers"),
        ACCOUNT_BALANCES(false, "/v1/accounts/{id}/balances"),
        JOURNAL(false, "/v1/journal"),
        OPENAPI(false, "/v1/openapi.json"),
        METRICS(false, "/metrics"),
        HEALTH_LIVE(false, "/health/live"),
        HEALTH_READY(false, "/health/ready");

        final boolean post;
        final String template;

        Route(final boolean post, final String template)
        {
            this.post = post;
            this.template = template;
        }

        String method()
        {
            return post ? "post" : "get";
        }

        String template()
        {
            return template;
        }
    }

    /**
     * A matched route.
     *
     * @param route the route.
     * @param post  whether it takes POST (else GET).
     * @param id    the {@code {id}} segment, or null.
     */
    record Match(Route route, boolean post, String id)
    {
    }

    static final List<Route> ALL = List.of(Route.values());

    private Routes()
    {
    }

    /**
     * @param path the request path (decoded).
     * @return the route it names, or null.
     */
    static Match match(final String path)
    {
        for (final Route route : ALL)
        {
            if (route.template.equals(path))
            {
                return new Match(route, route.post, null);
            }
        }
        final String[] parts = path.split("/", -1);
        // "", "v1", "accounts"|"transfers", id [, "transfers"|"balances"]
        if (parts.length < 4 || parts.length > 5 || !parts[0].isEmpty() || !"v1".equals(parts[1]) ||
            parts[3].isEmpty())
        {
            return null;
        }
        final boolean accounts = "accounts".equals(parts[2]);
        if (!accounts && !"transfers".equals(parts[2]))
        {
            return null;
        }
        if (parts.length == 4)
        {
            return new Match(accounts ? Route.ACCOUNT : Route.TRANSFER, false, parts[3]);
        }
        if (accounts && "transfers".equals(parts[4]))
        {
            return new Match(Route.ACCOUNT_TRANSFERS, false, parts[3]);
        }
        if (accounts && "balances".equals(parts[4]))
        {
            return new Match(Route.ACCOUNT_BALANCES, false, parts[3]);
        }
        return null;
    }

    /**
     * @param path a request path.
     * @return its route's template, or {@code unmatched}: a label of bounded cardinality for metrics.
     */
    static String name(final String path)
    {
        final Match match = match(path);
        return match == null ? "unmatched" : match.route().template;
    }
}
