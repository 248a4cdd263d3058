package io.gator.core.target;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parsed target (abstract syntax tree). {@code AND}/{@code OR} are flattened n-ary nodes, so
 * equal targets that differ only in redundant parentheses have equal trees. {@code toString()} gives
 * the normalized target text, which parses back to an equal tree.
 */
public sealed interface Expr {

    /** All operands hold. */
    record And(List<Expr> operands) implements Expr {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public String toString() {
            return operands.stream().map(e -> e instanceof Or ? "(" + e + ")" : e.toString())
                    .collect(Collectors.joining(" AND "));
        }
    }

    /** At least one operand holds. */
    record Or(List<Expr> operands) implements Expr {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public String toString() {
            return operands.stream().map(Expr::toString).collect(Collectors.joining(" OR "));
        }
    }

    /** Negation (NULL stays NULL). */
    record Not(Expr operand) implements Expr {
        @Override
        public String toString() {
            boolean paren = operand instanceof And || operand instanceof Or;
            return "NOT " + (paren ? "(" + operand + ")" : operand.toString());
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record Const(boolean value) implements Expr {
        @Override
        public String toString() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** {@code operand op value}. */
    record Compare(Operand operand, CompareOp op, Value value) implements Expr {
        @Override
        public String toString() {
            return operand + " " + op.symbol() + " " + value;
        }
    }

    /** {@code [NOT] LIKE|ILIKE 'pattern'} with {@code %}, {@code _} and backslash escape. */
    record Like(Operand operand, boolean negated, boolean ignoreCase, String pattern) implements Expr {
        @Override
        public String toString() {
            return operand + (negated ? " NOT" : "") + (ignoreCase ? " ILIKE " : " LIKE ") + Value.quote(pattern);
        }
    }

    /** {@code ~}, {@code ~*}, {@code !~}, {@code !~*}: unanchored regular-expression search. */
    record Regex(Operand operand, boolean negated, boolean ignoreCase, String regex) implements Expr {
        @Override
        public String toString() {
            return operand + " " + (negated ? "!" : "") + "~" + (ignoreCase ? "*" : "") + " " + Value.quote(regex);
        }
    }

    /** {@code [NOT] IN (v, ...)}. */
    record In(Operand operand, boolean negated, List<Value> values) implements Expr {
        public In {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return operand + (negated ? " NOT IN (" : " IN (")
                    + values.stream().map(Value::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code IS [NOT] NULL}. */
    record IsNull(Operand operand, boolean negated) implements Expr {
        @Override
        public String toString() {
            return operand + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }
}
