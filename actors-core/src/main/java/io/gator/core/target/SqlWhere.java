package io.gator.core.target;

import java.util.List;

/**
 * A compiled target: a boolean SQL expression over the {@code agents} table with {@code ?} placeholders,
 * and the values to bind to them in order (String, Long, BigDecimal or OffsetDateTime; bind with
 * {@code setObject}). The text never contains a value from the target. Wrap it in parentheses when
 * combining: {@code ... WHERE status IN ('online','idle') AND (<sql>)}.
 */
public record SqlWhere(String sql, List<Object> params) {
    public SqlWhere {
        params = List.copyOf(params);
    }
}
