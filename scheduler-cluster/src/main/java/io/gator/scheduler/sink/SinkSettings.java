package io.gator.scheduler.sink;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** {@code gator.scheduler.sinks} (see reference.conf). */
public record SinkSettings(Set<SinkSpec.Kind> allowed, Path jsonlDirectory, Path pluginDirectory,
                           Duration pluginTimeout, int pluginOutputMax, int webhookMaxAttempts,
                           Duration webhookMaxAge, Duration retryMin, Duration retryMax, Duration webhookTimeout,
                           Duration resultsDelay, Duration passivateAfterFinish,
                           String readJournal, java.util.List<String> webhookPrefixes) {

    public static SinkSettings from(Config root) {
        Config c = root.getConfig("gator.scheduler.sinks");
        Set<SinkSpec.Kind> allowed = EnumSet.noneOf(SinkSpec.Kind.class);
        for (String k : c.getStringList("allowed")) {
            allowed.add(SinkSpec.Kind.valueOf(k.toUpperCase(Locale.ROOT)));
        }
        return new SinkSettings(allowed, Path.of(c.getString("jsonl-directory")),
                Path.of(c.getString("plugin-directory")), c.getDuration("plugin-timeout"),
                (int) c.getBytes("plugin-output-max").longValue(), c.getInt("webhook-max-attempts"),
                c.getDuration("webhook-max-age"), c.getDuration("retry-min"), c.getDuration("retry-max"),
                c.getDuration("webhook-timeout"), c.getDuration("results-delay"),
                c.getDuration("passivate-after-finish"), c.getString("read-journal"),
                c.getStringList("webhook-url-prefixes"));
    }

    /** Refuses a sink this server does not allow, with the reason (the API answers 400 with it). */
    public void check(SinkSpec s) {
        if (!allowed.contains(s.kind())) {
            throw new IllegalArgumentException("sink kind '" + s.kind().wire() + "' is not allowed on this server");
        }
        if (s.kind() == SinkSpec.Kind.WEBHOOK && !webhookPrefixes.isEmpty()
                && webhookPrefixes.stream().noneMatch(p -> s.target().startsWith(p))) {
            throw new IllegalArgumentException("webhook " + s.target() + " is not under an allowed URL prefix "
                    + "(gator.scheduler.sinks.webhook-url-prefixes)");
        }
    }

    /** Delay before retry {@code attempt} (1-based): retry-min doubled per attempt, capped at retry-max. */
    public Duration backoff(int attempt) {
        long ms = retryMin.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        return Duration.ofMillis(Math.min(ms, retryMax.toMillis()));
    }
}
