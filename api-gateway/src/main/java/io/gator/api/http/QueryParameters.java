package io.gator.api.http;

import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The directive reading an endpoint's query string: only the parameters it accepts (400 naming the
 * first other one), strictly UTF-8, storable, the first value of each name.
 */
final class QueryParameters extends AllDirectives {
    Route accepted(Set<String> allowed, Function<Map<String, String>, Route> inner) {
        return extractUri(uri -> {
            uri.rawQueryString().ifPresent(raw -> StrictUrlEncoding.check(raw, "query"));
            return parameterList(params -> {
                // "a=1&&b=2" holds an empty pair, which is no parameter
                List<Map.Entry<String, String>> given = params.stream()
                        .filter(e -> !e.getKey().isEmpty() || !e.getValue().isEmpty()).toList();
                for (Map.Entry<String, String> e : given) {
                    if (!allowed.contains(e.getKey())) {
                        throw new ApiError(StatusCodes.BAD_REQUEST, "unknown query parameter '" + e.getKey() + "'"
                                + (allowed.isEmpty() ? " (this endpoint takes none)"
                                : " (accepted: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
                    }
                }
                Map<String, String> query = Fields.firstValues(given);
                Fields.refuseUnstorable(query, "query parameter");
                return inner.apply(query);
            });
        });
    }
}
