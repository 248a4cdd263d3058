package io.gator.scheduler.sink;

/** One delivery attempt of one run to one sink; blocking (run on a blocking dispatcher), throws when it failed. */
public interface Sink {
    void deliver(RunResults run, String orderName) throws Exception;

    /** The sink for {@code spec}, confined to the directories of {@code settings}. */
    static Sink of(SinkSpec spec, SinkSettings settings) {
        settings.check(spec);
        return switch (spec.kind()) {
            case JSONL -> new JsonLinesSink(settings.jsonlDirectory().resolve(spec.target()));
            case WEBHOOK -> new WebhookSink(java.net.URI.create(spec.target()), settings.webhookTimeout());
            case PLUGIN -> new RunnerPluginSink(settings.pluginDirectory(), spec.target(), settings.pluginTimeout(),
                    settings.pluginOutputMax());
        };
    }
}
