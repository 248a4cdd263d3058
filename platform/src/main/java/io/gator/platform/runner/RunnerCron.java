package io.gator.platform.runner;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * MIG runner schedules (gorhill/cronexpr as mig-runner used it: 5 fields minute hour day-of-month month day-of-week,
 * a 6th field = year, 7 fields = seconds first; {@code @hourly}, {@code @daily}, ...; times in UTC) translated into a
 * fixed period and the next start. Only schedules that fire at a constant period translate: every minute, every N
 * minutes or hours (N dividing the hour or day), hourly at a minute, daily or weekly at a time.
 */
public final class RunnerCron {
    private RunnerCron() {}

    /** A translated schedule: runs every {@code every} from {@code start}. */
    public record Period(Duration every, Instant start) {}

    /** The translation, or why there is none. */
    public record Translation(Optional<Period> period, String problem) {}

    public static Translation translate(String expr, Instant now) {
        String e = expr.trim().toLowerCase(Locale.ROOT);
        e = switch (e) {
            case "@hourly" -> "0 * * * *";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@weekly" -> "0 0 * * 0";
            case "@monthly", "@yearly", "@annually" -> "";
            default -> e;
        };
        if (e.isEmpty()) {
            return no("'" + expr + "' fires per calendar month or year, not at a fixed period");
        }
        String[] f = e.split("\\s+");
        if (f.length == 7) {
            if (!f[0].equals("0")) {
                return no("'" + expr + "' fires at seconds other than 0");
            }
            f = java.util.Arrays.copyOfRange(f, 1, 7);
        }
        if (f.length == 6) {
            if (!f[5].equals("*")) {
                return no("'" + expr + "' is restricted to some years");
            }
            f = java.util.Arrays.copyOfRange(f, 0, 5);
        }
        if (f.length != 5) {
            return no("'" + expr + "' is not a cron expression of 5 to 7 fields");
        }
        if (!f[2].equals("*") && !f[2].equals("?") || !f[3].equals("*")) {
            return no("'" + expr + "' is restricted to days of the month or months");
        }
        String minute = f[0];
        String hour = f[1];
        String dow = f[4].equals("?") ? "*" : f[4];
        ZonedDateTime t = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        Integer m = number(minute, 59);
        Integer h = number(hour, 23);
        if (!dow.equals("*")) {
            Integer d = number(dow.replace("7", "0"), 6);
            if (d == null || m == null || h == null) {
                return no("'" + expr + "': only one day of the week at one time translates");
            }
            DayOfWeek day = d == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(d);
            ZonedDateTime s = t.with(TemporalAdjusters.nextOrSame(day)).withHour(h).withMinute(m);
            if (s.isBefore(t)) {
                s = s.plusWeeks(1);
            }
            return yes(Duration.ofDays(7), s);
        }
        if (hour.equals("*")) {
            if (minute.equals("*")) {
                return yes(Duration.ofMinutes(1), t);
            }
            Integer step = step(minute, 60);
            if (step != null) {
                ZonedDateTime s = t.withMinute(0);
                while (s.isBefore(t)) {
                    s = s.plusMinutes(step);
                }
                return yes(Duration.ofMinutes(step), s);
            }
            if (m != null) {
                ZonedDateTime s = t.withMinute(m);
                return yes(Duration.ofHours(1), s.isBefore(t) ? s.plusHours(1) : s);
            }
            return no("'" + expr + "': minute field '" + minute + "' does not fire at a fixed period");
        }
        if (m == null) {
            return no("'" + expr + "': several minutes in some hours do not fire at a fixed period");
        }
        if (h != null) {
            ZonedDateTime s = t.withHour(h).withMinute(m);
            return yes(Duration.ofDays(1), s.isBefore(t) ? s.plusDays(1) : s);
        }
        Integer step = step(hour, 24);
        if (step != null) {
            ZonedDateTime s = t.withHour(0).withMinute(m);
            while (s.isBefore(t)) {
                s = s.plusHours(step);
            }
            return yes(Duration.ofHours(step), s);
        }
        return no("'" + expr + "': hour field '" + hour + "' does not fire at a fixed period");
    }

    private static Translation yes(Duration every, ZonedDateTime start) {
        return new Translation(Optional.of(new Period(every, start.toInstant())), "");
    }

    private static Translation no(String why) {
        return new Translation(Optional.empty(), why);
    }

    private static Integer number(String s, int max) {
        if (!s.matches("[0-9]{1,2}")) {
            return null;
        }
        int v = Integer.parseInt(s);
        return v <= max ? v : null;
    }

    /** {@code *}/N or 0-MAX/N whose N divides {@code range}: a constant period. */
    private static Integer step(String s, int range) {
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("(?:\\*|0-" + (range - 1) + "|0)/([0-9]{1,2})")
                .matcher(s);
        if (!mt.matches()) {
            return null;
        }
        int n = Integer.parseInt(mt.group(1));
        return n > 0 && range % n == 0 ? n : null;
    }
}
