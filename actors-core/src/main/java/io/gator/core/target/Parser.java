package io.gator.core.target;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Recursive-descent parser; every refusal is a {@link TargetSyntaxException} naming the position. */
final class Parser {
    private static final Set<String> RESERVED = Set.of("and", "or", "not", "like", "ilike", "in", "is", "null",
            "true", "false", "now", "interval", "all", "select", "from", "where", "union", "insert", "update",
            "delete", "drop", "create", "alter", "grant", "exists", "case", "when", "then", "else", "end", "cast",
            "between", "any", "some", "similar");
    private static final Pattern INTERVAL = Pattern.compile(
            "\\s*(\\d{1,9})\\s*(seconds?|secs?|minutes?|mins?|hours?|days?)\\s*", Pattern.CASE_INSENSITIVE);
    /** ISO 8601 and PostgreSQL's text form: date, optional 'T' or space, time, fraction, offset. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final long MAX_SHIFT_SECONDS = 100_000L * 86_400L;

    private final Lexer lexer;
    private final List<Token> tokens = new ArrayList<>();
    private final TargetLimits limits;
    private final TargetTable table;
    private int p;
    private int depth;

    private Parser(Lexer lexer, TargetLimits limits, TargetTable table) {
        this.lexer = lexer;
        this.limits = limits;
        this.table = table;
    }

    static Expr parse(String src, TargetLimits limits) {
        return parse(src, limits, TargetTable.AGENTS);
    }

    static Expr parse(String src, TargetLimits limits, TargetTable table) {
        if (src == null) {
            throw new TargetSyntaxException("target: missing target", 0);
        }
        if (src.length() > limits.maxLength()) {
            throw new TargetSyntaxException("target: " + src.length() + " characters at position 1, longer than the "
                    + limits.maxLength() + " allowed", 1);
        }
        Parser parser = new Parser(Lexer.of(src), limits, table);
        if (parser.peek().kind() == Token.Kind.EOF) {
            throw new TargetSyntaxException("target: empty target", 1);
        }
        if (table == TargetTable.AGENTS && parser.peek().isKeyword("all") && parser.peekAt(1).kind() == Token.Kind.EOF) {
            // MIG's client macro: every online agent.
            return new Expr.Compare(new Operand.Col(Column.STATUS), CompareOp.EQ, new Value.Text("online"));
        }
        Expr e = parser.orExpr();
        Token t = parser.peek();
        if (t.kind() != Token.Kind.EOF) {
            throw parser.unexpected(t, t.isSymbol(")") ? "end of target (unbalanced ')')" : "AND, OR or end of target");
        }
        return e;
    }

    private Expr orExpr() {
        List<Expr> parts = new ArrayList<>();
        add(parts, andExpr(), Expr.Or.class);
        while (peek().isKeyword("or")) {
            p++;
            add(parts, andExpr(), Expr.Or.class);
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.Or(parts);
    }

    private Expr andExpr() {
        List<Expr> parts = new ArrayList<>();
        add(parts, notExpr(), Expr.And.class);
        while (peek().isKeyword("and")) {
            p++;
            add(parts, notExpr(), Expr.And.class);
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.And(parts);
    }

    private static void add(List<Expr> parts, Expr e, Class<? extends Expr> flatten) {
        if (e instanceof Expr.And a && flatten == Expr.And.class) {
            parts.addAll(a.operands());
        } else if (e instanceof Expr.Or o && flatten == Expr.Or.class) {
            parts.addAll(o.operands());
        } else {
            parts.add(e);
        }
    }

    private Expr notExpr() {
        Token t = peek();
        if (t.isKeyword("not")) {
            p++;
            enter(t);
            Expr inner = notExpr();
            depth--;
            return new Expr.Not(inner);
        }
        return primary();
    }

    private void enter(Token t) {
        if (++depth > limits.maxDepth()) {
            throw new TargetSyntaxException("target: nesting deeper than " + limits.maxDepth() + " at position "
                    + t.pos(), t.pos());
        }
    }

    private Expr primary() {
        Token t = peek();
        if (t.isSymbol("(")) {
            p++;
            enter(t);
            Expr inner = orExpr();
            depth--;
            expectSymbol(")", "')' or AND/OR");
            return inner;
        }
        if (t.isKeyword("true") || t.isKeyword("false")) {
            p++;
            return new Expr.Const(t.isKeyword("true"));
        }
        Operand operand = operand();
        return predicate(operand);
    }

    private Operand operand() {
        Token t = next();
        if (t.kind() != Token.Kind.IDENT) {
            throw unexpected(t, "a column name");
        }
        if (peek().isSymbol("(")) {
            throw new TargetSyntaxException("target: function call '" + Lexer.printable(t.raw()) + "(' at position "
                    + t.pos() + " is not allowed, only NOW() in a value", t.pos());
        }
        String w = t.text().toLowerCase(Locale.ROOT);
        java.util.Optional<JsonDoc> json = table.jsonDoc(w);
        if (json.isPresent()) {
            JsonDoc doc = json.get();
            Token arrow = next();
            if (!arrow.isSymbol("->>") && !arrow.isSymbol("#>>")) {
                throw unexpected(arrow, "'->>' after " + w);
            }
            Token key = next();
            if (key.kind() != Token.Kind.STRING) {
                throw unexpected(key, "a quoted key after '" + arrow.text() + "'");
            }
            String k = key.text();
            if (arrow.isSymbol("#>>")) {
                // MIG users also write tags#>>'{operator}': a one-element path is the same lookup.
                if (!k.startsWith("{") || !k.endsWith("}") || k.length() < 3) {
                    throw new TargetSyntaxException("target: path " + key.describe() + " at position " + key.pos()
                            + " must be '{key}'", key.pos());
                }
                k = k.substring(1, k.length() - 1);
            }
            if (!doc.acceptsKey(k)) {
                String expected = doc == JsonDoc.ENVIRONMENT
                        ? "one of " + new java.util.TreeSet<>(JsonDoc.ENVIRONMENT_KEYS)
                        : "a tag key of letters, digits, '_', '.' or '-'";
                throw new TargetSyntaxException("target: unknown " + w + " key '" + Lexer.printable(k)
                        + "' at position " + key.pos() + ", expected " + expected, key.pos());
            }
            return new Operand.JsonField(doc, k);
        }
        return table.column(w).<Operand>map(Operand.Col::new).orElseThrow(() -> {
            if (w.equals("all")) {
                return new TargetSyntaxException("target: 'all' at position " + t.pos()
                        + " must be the whole target", t.pos());
            }
            if (RESERVED.contains(w)) {
                return unexpected(t, "a column name");
            }
            return new TargetSyntaxException("target: unknown column '" + Lexer.printable(t.raw()) + "' at position "
                    + t.pos() + ", expected one of " + table.expectedColumns(), t.pos());
        });
    }

    private Expr predicate(Operand operand) {
        Token t = next();
        if (t.kind() == Token.Kind.SYMBOL) {
            switch (t.text()) {
                case "=": return compare(operand, CompareOp.EQ);
                case "!=": case "<>": return compare(operand, CompareOp.NE);
                case "<": return compare(operand, CompareOp.LT);
                case "<=": return compare(operand, CompareOp.LE);
                case ">": return compare(operand, CompareOp.GT);
                case ">=": return compare(operand, CompareOp.GE);
                case "~": return regex(operand, t, false, false);
                case "~*": return regex(operand, t, false, true);
                case "!~": return regex(operand, t, true, false);
                case "!~*": return regex(operand, t, true, true);
                default: throw unexpected(t, "an operator");
            }
        }
        boolean negated = false;
        Token op = t;
        if (t.isKeyword("not")) {
            negated = true;
            op = next();
        }
        if (op.isKeyword("like") || op.isKeyword("ilike")) {
            return like(operand, op, negated, op.isKeyword("ilike"));
        }
        if (op.isKeyword("in")) {
            return in(operand, negated);
        }
        if (!negated && op.isKeyword("is")) {
            boolean not = false;
            if (peek().isKeyword("not")) {
                p++;
                not = true;
            }
            Token n = next();
            if (!n.isKeyword("null")) {
                throw unexpected(n, "NULL");
            }
            return new Expr.IsNull(operand, not);
        }
        throw unexpected(op, negated ? "LIKE, ILIKE or IN after NOT"
                : "an operator (=, !=, <>, <, <=, >, >=, LIKE, ILIKE, ~, ~*, !~, !~*, IN, IS)");
    }

    private Expr compare(Operand operand, CompareOp op) {
        return new Expr.Compare(operand, op, value(operand));
    }

    private Expr like(Operand operand, Token op, boolean negated, boolean ignoreCase) {
        requireText(operand, op);
        Token pat = next();
        if (pat.kind() != Token.Kind.STRING) {
            throw unexpected(pat, "a quoted pattern");
        }
        String s = pat.text();
        int backslashes = 0;
        for (int k = s.length() - 1; k >= 0 && s.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            throw new TargetSyntaxException("target: pattern at position " + pat.pos()
                    + " ends with the escape character '\\'", pat.pos());
        }
        return new Expr.Like(operand, negated, ignoreCase, s);
    }

    private Expr regex(Operand operand, Token op, boolean negated, boolean ignoreCase) {
        requireText(operand, op);
        Token pat = next();
        if (pat.kind() != Token.Kind.STRING) {
            throw unexpected(pat, "a quoted regular expression");
        }
        try {
            Pattern.compile(pat.text());
        } catch (PatternSyntaxException e) {
            throw new TargetSyntaxException("target: invalid regular expression at position " + pat.pos() + ": "
                    + Lexer.printable(e.getDescription()), pat.pos());
        } catch (StackOverflowError e) {
            throw new TargetSyntaxException("target: regular expression at position " + pat.pos()
                    + " is too complex", pat.pos());
        }
        return new Expr.Regex(operand, negated, ignoreCase, pat.text());
    }

    private Expr in(Operand operand, boolean negated) {
        expectSymbol("(", "'(' after IN");
        List<Value> values = new ArrayList<>();
        Token first = peek();
        if (first.isKeyword("select")) {
            throw new TargetSyntaxException("target: unexpected 'SELECT' at position " + first.pos()
                    + ", sub-selects are not allowed", first.pos());
        }
        values.add(value(operand));
        while (peek().isSymbol(",")) {
            p++;
            values.add(value(operand));
        }
        expectSymbol(")", "',' or ')'");
        return new Expr.In(operand, negated, values);
    }

    private void requireText(Operand operand, Token op) {
        if (operand.type() != ValueType.TEXT) {
            throw new TargetSyntaxException("target: operator " + op.describe() + " at position " + op.pos()
                    + " needs a text column, " + operand + " is " + operand.type().name().toLowerCase(Locale.ROOT),
                    op.pos());
        }
    }

    /** A literal, checked and converted for the operand's type. */
    private Value value(Operand operand) {
        Token t = next();
        ValueType type = operand.type();
        if (t.isKeyword("now")) {
            if (type != ValueType.TIME) {
                throw typeError(t, operand);
            }
            return now(t);
        }
        if (t.kind() == Token.Kind.IDENT && peek().isSymbol("(")) {
            throw new TargetSyntaxException("target: function call '" + Lexer.printable(t.raw()) + "(' at position "
                    + t.pos() + " is not allowed, only NOW()", t.pos());
        }
        if (t.isKeyword("select")) {
            throw new TargetSyntaxException("target: unexpected " + t.describe() + " at position " + t.pos()
                    + ", sub-selects are not allowed", t.pos());
        }
        switch (type) {
            case TEXT:
                if (t.kind() == Token.Kind.STRING) {
                    return new Value.Text(t.text());
                }
                if (t.isKeyword("true") || t.isKeyword("false")) {
                    return new Value.Text(t.text().toLowerCase(Locale.ROOT));
                }
                throw typeError(t, operand);
            case NUMBER: {
                boolean minus = false;
                Token n = t;
                if (t.isSymbol("-")) {
                    minus = true;
                    n = next();
                }
                if (n.kind() == Token.Kind.NUMBER || (!minus && n.kind() == Token.Kind.STRING)) {
                    try {
                        BigDecimal d = new BigDecimal(n.text().strip());
                        if (n.text().strip().length() > 40) {
                            throw new NumberFormatException();
                        }
                        return new Value.Num(minus ? d.negate() : d);
                    } catch (NumberFormatException e) {
                        throw new TargetSyntaxException("target: " + n.describe() + " at position " + n.pos()
                                + " is not a number for " + operand, n.pos());
                    }
                }
                throw typeError(n, operand);
            }
            case TIME:
                if (t.kind() == Token.Kind.STRING) {
                    return new Value.Time(timestamp(t));
                }
                throw typeError(t, operand);
            default:
                throw new IllegalStateException(type.name());
        }
    }

    private TargetSyntaxException typeError(Token t, Operand operand) {
        String expected = switch (operand.type()) {
            case TEXT -> "a quoted string";
            case NUMBER -> "a number";
            case TIME -> "NOW() [- INTERVAL 'n unit'] or a quoted timestamp";
        };
        return unexpected(t, expected + " for " + operand);
    }

    private Value now(Token nowToken) {
        expectSymbol("(", "'(' after NOW");
        expectSymbol(")", "')' after NOW(");
        List<Value.Shift> shifts = new ArrayList<>();
        long total = 0;
        while (peek().isSymbol("-") || peek().isSymbol("+")) {
            boolean minus = next().isSymbol("-");
            Token kw = next();
            if (!kw.isKeyword("interval")) {
                throw unexpected(kw, "INTERVAL");
            }
            Token s = next();
            if (s.kind() != Token.Kind.STRING) {
                throw unexpected(s, "a quoted interval such as '5 minutes'");
            }
            Matcher m = INTERVAL.matcher(s.text());
            if (!m.matches()) {
                throw new TargetSyntaxException("target: interval " + s.describe() + " at position " + s.pos()
                        + ", expected '<n> seconds|minutes|hours|days'", s.pos());
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            ChronoUnit u = unit.startsWith("s") ? ChronoUnit.SECONDS
                    : unit.startsWith("m") ? ChronoUnit.MINUTES
                    : unit.startsWith("h") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            shifts.add(new Value.Shift(minus, Long.parseLong(m.group(1)), u));
            total += Long.parseLong(m.group(1)) * u.getDuration().getSeconds();
            if (total > MAX_SHIFT_SECONDS) {
                // Keeps NOW() arithmetic inside the range every database and java.time can hold.
                throw new TargetSyntaxException("target: intervals add up to more than 100000 days at position "
                        + s.pos(), s.pos());
            }
        }
        return new Value.Now(shifts);
    }

    private static OffsetDateTime timestamp(Token t) {
        String s = t.text().strip();
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
                if (d.getYear() < 1) {
                    throw new java.time.DateTimeException("year out of range");
                }
                return d.atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            var parsed = TIMESTAMP.parse(s);
            LocalDateTime ldt = LocalDateTime.from(parsed);
            ZoneOffset off = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            if (ldt.getYear() < 1 || ldt.getYear() > 9999) {
                throw new java.time.DateTimeException("year out of range");
            }
            return ldt.atOffset(off);
        } catch (java.time.DateTimeException e) {
            throw new TargetSyntaxException("target: " + t.describe() + " at position " + t.pos()
                    + " is not a timestamp, expected e.g. '2026-11-23T07:00:00Z'", t.pos());
        }
    }

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int ahead) {
        while (tokens.size() <= p + ahead) {
            Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
            tokens.add(last != null && last.kind() == Token.Kind.EOF ? last : lexer.next());
        }
        return tokens.get(p + ahead);
    }

    private Token next() {
        Token t = peek();
        if (t.kind() != Token.Kind.EOF) {
            p++;
        }
        return t;
    }

    private void expectSymbol(String s, String expected) {
        Token t = next();
        if (!t.isSymbol(s)) {
            throw unexpected(t, expected);
        }
    }

    private TargetSyntaxException unexpected(Token t, String expected) {
        String what = t.kind() == Token.Kind.EOF ? "unexpected end of target at position " + t.pos()
                : "unexpected " + t.describe() + " at position " + t.pos();
        return new TargetSyntaxException("target: " + what + ", expected " + expected, t.pos());
    }
}
