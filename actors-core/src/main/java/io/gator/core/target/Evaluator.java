package io.gator.core.target;

import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * In-memory evaluation with SQL semantics: three-valued logic (a missing tag or empty environment
 * field is NULL; any comparison with NULL is unknown, and only true matches), LIKE with {@code %},
 * {@code _} and backslash escapes, regex search via {@link java.util.regex}.
 */
final class Evaluator {
    /** Compiled node; returns TRUE, FALSE or null (unknown). */
    private interface Node extends Function<Agent, Boolean> {}

    /** Character reads one regex search may make (a few milliseconds); beyond that it is backtracking badly. */
    static final long REGEX_STEP_BUDGET = 1_000_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluator.class);

    private final Clock clock;

    private Evaluator(Clock clock) {
        this.clock = clock;
    }

    static Predicate<Agent> compile(Expr e, Clock clock) {
        Node n = new Evaluator(clock).node(e);
        return agent -> Boolean.TRUE.equals(n.apply(agent));
    }

    /** The bound value of a literal: String, Long or BigDecimal, or OffsetDateTime. */
    static Object constant(Value v, Clock clock) {
        if (v instanceof Value.Text t) {
            return t.value();
        } else if (v instanceof Value.Num n) {
            return n.sqlValue();
        } else if (v instanceof Value.Time t) {
            return t.value();
        } else if (v instanceof Value.Now n) {
            return n.resolve(clock);
        }
        throw new IllegalStateException("unknown value " + v);
    }

    private Node node(Expr e) {
        if (e instanceof Expr.And a) {
            List<Node> parts = nodes(a.operands());
            return agent -> {
                boolean unknown = false;
                for (Node p : parts) {
                    Boolean r = p.apply(agent);
                    if (r == null) {
                        unknown = true;
                    } else if (!r) {
                        return false;
                    }
                }
                return unknown ? null : true;
            };
        } else if (e instanceof Expr.Or o) {
            List<Node> parts = nodes(o.operands());
            return agent -> {
                boolean unknown = false;
                for (Node p : parts) {
                    Boolean r = p.apply(agent);
                    if (r == null) {
                        unknown = true;
                    } else if (r) {
                        return true;
                    }
                }
                return unknown ? null : false;
            };
        } else if (e instanceof Expr.Not n) {
            Node inner = node(n.operand());
            return agent -> {
                Boolean r = inner.apply(agent);
                return r == null ? null : !r;
            };
        } else if (e instanceof Expr.Const k) {
            boolean v = k.value();
            return agent -> v;
        } else if (e instanceof Expr.Compare c) {
            Function<Agent, Object> get = getter(c.operand());
            Object rhs = normalize(constant(c.value(), clock));
            CompareOp op = c.op();
            return agent -> {
                Object lhs = get.apply(agent);
                return lhs == null ? null : op.test(compare(lhs, rhs));
            };
        } else if (e instanceof Expr.Like l) {
            Function<Agent, Object> get = getter(l.operand());
            Pattern p = Pattern.compile(likeToRegex(l.ignoreCase() ? lower(l.pattern()) : l.pattern()), Pattern.DOTALL);
            boolean neg = l.negated();
            boolean ic = l.ignoreCase();
            return agent -> {
                Object v = get.apply(agent);
                if (v == null) {
                    return null;
                }
                String s = ic ? lower((String) v) : (String) v;
                return p.matcher(s).matches() != neg;
            };
        } else if (e instanceof Expr.Regex r) {
            Function<Agent, Object> get = getter(r.operand());
            Pattern p = Pattern.compile(r.regex(), r.ignoreCase() ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            boolean neg = r.negated();
            return agent -> {
                Object v = get.apply(agent);
                if (v == null) {
                    return null;
                }
                try {
                    return p.matcher(new BudgetedChars((String) v, REGEX_STEP_BUDGET)).find() != neg;
                } catch (BudgetedChars.Exhausted exhausted) {
                    // A catastrophically backtracking regex must not stall the caller: treat as unknown.
                    LOG.warn("target regex {} gave up on agent {} after {} steps; treated as no match",
                            p.pattern(), agent.id(), REGEX_STEP_BUDGET);
                    return null;
                }
            };
        } else if (e instanceof Expr.In in) {
            Function<Agent, Object> get = getter(in.operand());
            List<Object> values = new ArrayList<>();
            for (Value v : in.values()) {
                values.add(normalize(constant(v, clock)));
            }
            boolean neg = in.negated();
            return agent -> {
                Object v = get.apply(agent);
                if (v == null) {
                    return null;
                }
                for (Object x : values) {
                    if (compare(v, x) == 0) {
                        return !neg;
                    }
                }
                return neg;
            };
        } else if (e instanceof Expr.IsNull n) {
            Function<Agent, Object> get = getter(n.operand());
            boolean neg = n.negated();
            return agent -> (get.apply(agent) == null) != neg;
        }
        throw new IllegalStateException("unknown node " + e);
    }

    private List<Node> nodes(List<Expr> es) {
        List<Node> out = new ArrayList<>(es.size());
        for (Expr x : es) {
            out.add(node(x));
        }
        return out;
    }

    /** Values of an agent as the agents table holds them (see package documentation). */
    static Function<Agent, Object> getter(Operand o) {
        if (o instanceof Operand.Col c) {
            return switch (c.column()) {
                case ID -> a -> BigDecimal.valueOf(a.id());
                case NAME -> Agent::name;
                case QUEUELOC -> Agent::queueLoc;
                case MODE -> Agent::mode;
                case VERSION -> Agent::version;
                case PID -> a -> BigDecimal.valueOf(a.pid());
                case STATUS -> Agent::status;
                case STARTTIME -> Agent::startTime;
                case HEARTBEATTIME -> Agent::heartbeatTs;
                case DESTRUCTIONTIME -> Agent::destructionTime;
                case LOADERNAME, LASTSEEN -> throw new IllegalArgumentException(
                        "column " + c.column().sqlName() + " belongs to loader targets, which compile to SQL only");
            };
        }
        Operand.JsonField f = (Operand.JsonField) o;
        String key = f.key();
        if (f.doc() == JsonDoc.TAGS) {
            return a -> a.tags().get(key);
        }
        return a -> environmentField(a.environment(), key);
    }

    /** {@code environment->>key} over the environment as MigJson writes it (empty values omitted). */
    static String environmentField(AgentEnv env, String key) {
        return switch (key) {
            case "init" -> emptyToNull(env.init());
            case "ident" -> emptyToNull(env.ident());
            case "os" -> emptyToNull(env.os());
            case "arch" -> emptyToNull(env.arch());
            case "isproxied" -> Boolean.toString(env.isProxied());
            case "proxy" -> emptyToNull(env.proxy());
            case "publicip" -> emptyToNull(env.publicIp());
            case "addresses" -> env.addresses().isEmpty() ? null : JsonText.stringArray(env.addresses());
            case "modules" -> env.modules().isEmpty() ? null : JsonText.stringArray(env.modules());
            default -> null;
        };
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static Object normalize(Object v) {
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return v;
    }

    private static int compare(Object a, Object b) {
        if (a instanceof String s) {
            return s.compareTo((String) b);
        }
        if (a instanceof BigDecimal d) {
            return d.compareTo((BigDecimal) b);
        }
        return ((OffsetDateTime) a).toInstant().compareTo(((OffsetDateTime) b).toInstant());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** SQL LIKE pattern to an anchored Java regex; backslash escapes the next character. */
    static String likeToRegex(String pattern) {
        StringBuilder sb = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int k = 0; k < pattern.length(); k++) {
            char c = pattern.charAt(k);
            if (c == '\\' && k + 1 < pattern.length()) {
                lit.append(pattern.charAt(++k));
            } else if (c == '%' || c == '_') {
                if (lit.length() > 0) {
                    sb.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                sb.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            sb.append(Pattern.quote(lit.toString()));
        }
        return sb.toString();
    }

    /** A string view that stops a regex search after a fixed number of character reads. */
    static final class BudgetedChars implements CharSequence {
        static final class Exhausted extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Exhausted() {
                super("regex step budget exhausted", null, false, false);
            }
        }

        private final String s;
        private final long[] left;

        BudgetedChars(String s, long budget) {
            this(s, new long[] {budget});
        }

        private BudgetedChars(String s, long[] left) {
            this.s = s;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s.substring(start, end), left);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
