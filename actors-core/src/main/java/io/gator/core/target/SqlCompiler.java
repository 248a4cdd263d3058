package io.gator.core.target;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Turns a checked tree into dialect SQL; text comes only from the whitelists, every value is a parameter. */
final class SqlCompiler {
    private final SqlDialect dialect;
    private final Clock clock;
    private final String qualifier;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private SqlCompiler(SqlDialect dialect, Clock clock, String qualifier) {
        this.dialect = dialect;
        this.clock = clock;
        this.qualifier = qualifier;
    }

    /** {@code qualifier} is empty or a checked identifier followed by a dot. */
    static SqlWhere compile(Expr e, SqlDialect dialect, Clock clock, String qualifier) {
        SqlCompiler c = new SqlCompiler(dialect, clock, qualifier);
        c.expr(e);
        return new SqlWhere(c.sql.toString(), c.params);
    }

    private void expr(Expr e) {
        if (e instanceof Expr.And a) {
            join(a.operands(), " AND ");
        } else if (e instanceof Expr.Or o) {
            join(o.operands(), " OR ");
        } else if (e instanceof Expr.Not n) {
            sql.append("(NOT ");
            expr(n.operand());
            sql.append(')');
        } else if (e instanceof Expr.Const k) {
            sql.append(k.value() ? "TRUE" : "FALSE");
        } else if (e instanceof Expr.Compare c) {
            operand(c.operand());
            if (c.op().ordering() && c.operand().type() == ValueType.TEXT && dialect == SqlDialect.POSTGRESQL) {
                // Code-point order, as Java and H2 compare, whatever the database's locale.
                sql.append(" COLLATE ucs_basic");
            }
            sql.append(' ').append(c.op().sql()).append(' ');
            value(c.value());
        } else if (e instanceof Expr.Like l) {
            if (dialect == SqlDialect.POSTGRESQL) {
                operand(l.operand());
                sql.append(l.negated() ? " NOT" : "").append(l.ignoreCase() ? " ILIKE ?" : " LIKE ?");
            } else if (l.ignoreCase()) {
                sql.append("LOWER(");
                operand(l.operand());
                sql.append(')').append(l.negated() ? " NOT" : "").append(" LIKE LOWER(?)");
            } else {
                operand(l.operand());
                sql.append(l.negated() ? " NOT" : "").append(" LIKE ?");
            }
            params.add(l.pattern());
        } else if (e instanceof Expr.Regex r) {
            if (dialect == SqlDialect.POSTGRESQL) {
                operand(r.operand());
                sql.append(' ').append(r.negated() ? "!" : "").append('~').append(r.ignoreCase() ? "*" : "")
                        .append(" ?");
                params.add(r.regex());
            } else {
                sql.append(r.negated() ? "(NOT REGEXP_LIKE(" : "REGEXP_LIKE(");
                operand(r.operand());
                sql.append(", ?");
                params.add(r.regex());
                if (r.ignoreCase()) {
                    sql.append(", ?");
                    params.add("i");
                }
                sql.append(r.negated() ? "))" : ")");
            }
        } else if (e instanceof Expr.In in) {
            operand(in.operand());
            sql.append(in.negated() ? " NOT IN (" : " IN (");
            for (int k = 0; k < in.values().size(); k++) {
                if (k > 0) {
                    sql.append(", ");
                }
                value(in.values().get(k));
            }
            sql.append(')');
        } else if (e instanceof Expr.IsNull n) {
            operand(n.operand());
            sql.append(n.negated() ? " IS NOT NULL" : " IS NULL");
        } else {
            throw new IllegalStateException("unknown node " + e);
        }
    }

    private void join(List<Expr> parts, String op) {
        sql.append('(');
        for (int k = 0; k < parts.size(); k++) {
            if (k > 0) {
                sql.append(op);
            }
            expr(parts.get(k));
        }
        sql.append(')');
    }

    private void operand(Operand o) {
        if (o instanceof Operand.Col c) {
            sql.append(qualifier).append(c.column().sqlName());
        } else if (o instanceof Operand.JsonField f) {
            if (dialect == SqlDialect.POSTGRESQL) {
                sql.append('(').append(qualifier).append(f.doc().sqlName()).append("->>?)");
            } else {
                sql.append(H2JsonFunctions.SQL_NAME).append('(').append(qualifier).append(f.doc().sqlName())
                        .append(", ?)");
            }
            params.add(f.key());
        }
    }

    private void value(Value v) {
        sql.append('?');
        params.add(Evaluator.constant(v, clock));
    }
}
