package io.gator.core.target;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A literal on the right side of a predicate, already checked against the operand's type. */
public sealed interface Value {

    /** A string literal (also {@code true}/{@code false} compared with text). */
    record Text(String value) implements Value {
        @Override
        public String toString() {
            return quote(value);
        }
    }

    /** A number (integer or decimal). */
    record Num(BigDecimal value) implements Value {
        @Override
        public String toString() {
            return value.toPlainString();
        }

        /** Long when integral and in range, so JDBC binds a BIGINT; otherwise the decimal. */
        public Object sqlValue() {
            if (value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0) {
                try {
                    return value.longValueExact();
                } catch (ArithmeticException e) {
                    return value;
                }
            }
            return value;
        }
    }

    /** An absolute instant written as a string literal, truncated to PostgreSQL's microseconds. */
    record Time(OffsetDateTime value) implements Value {
        public Time {
            value = value.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public String toString() {
            return quote(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
        }
    }

    /** {@code NOW()} shifted by intervals; resolved against a clock when compiled. */
    record Now(List<Shift> shifts) implements Value {
        public Now {
            shifts = List.copyOf(shifts);
        }

        /** The instant this stands for at the clock's now, truncated to microseconds. */
        public OffsetDateTime resolve(Clock clock) {
            OffsetDateTime t = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (Shift s : shifts) {
                long amount = s.minus() ? -s.amount() : s.amount();
                t = t.plus(amount, s.unit());
            }
            return t.truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("NOW()");
            for (Shift s : shifts) {
                sb.append(s.minus() ? " - " : " + ").append("INTERVAL '").append(s.amount()).append(' ')
                        .append(s.unit().name().toLowerCase(java.util.Locale.ROOT)).append('\'');
            }
            return sb.toString();
        }
    }

    /** {@code ± interval '<amount> <unit>'}; unit is SECONDS, MINUTES, HOURS or DAYS. */
    record Shift(boolean minus, long amount, ChronoUnit unit) {}

    /** A SQL string literal with quotes doubled. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
