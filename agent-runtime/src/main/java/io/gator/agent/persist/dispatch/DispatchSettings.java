package io.gator.agent.persist.dispatch;

import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * dispatch.cfg's {@code [dispatch]} section, checked: where records go, in which format, and how many alerts wait
 * for the collector before new ones are dropped.
 *
 * @param httpUrl      the collector records are POSTed to; none: alerts are written to the agent's log
 * @param outputMozdef whether each record is wrapped in a MozDef event
 * @param channelSize  alerts waiting at most (besides the one being posted)
 */
public record DispatchSettings(Optional<URI> httpUrl, boolean outputMozdef, int channelSize) {
    static final String SECTION = "dispatch";
    static final int DEFAULT_CHANNEL_SIZE = 1024;

    /**
     * Reads and checks the section, logging as MIG does once it is accepted. MIG would also publish to SNS; this
     * agent has no SNS client, so a topic is refused rather than silently ignored. Without a URL (also when there
     * is no dispatch.cfg) MIG posts every alert to nowhere and loses it; here it is written to the agent's log.
     */
    public static DispatchSettings from(ModuleSettings settings, Logger log) {
        if (!settings.value(SECTION, "snstopic").orElse("").isBlank()) {
            throw new PersistentConfigException("dispatch: snstopic is not supported by this agent; use httpurl");
        }
        String url = settings.value(SECTION, "httpurl").orElse("").trim();
        Optional<URI> uri = url.isEmpty() ? Optional.empty() : Optional.of(httpUri(url));
        boolean mozdef = settings.bool(SECTION, "outputmozdef").orElse(false);
        long size = settings.number(SECTION, "channelsize").orElse(0L);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new PersistentConfigException("dispatch.channelsize: " + size + " is not between 0 and "
                    + Integer.MAX_VALUE);
        }
        log.info("module received configuration");
        if (size == 0) {
            log.info("channel size not specified, defaulting to " + DEFAULT_CHANNEL_SIZE);
            size = DEFAULT_CHANNEL_SIZE;
        }
        return new DispatchSettings(uri, mozdef, (int) size);
    }

    private static URI httpUri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the value
        }
        throw new PersistentConfigException("dispatch.httpurl: '" + url + "' is not an http or https URL");
    }
}
