package io.gator.scheduler.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Test actions as the API would hand them over (signature presence only; verification is the API's). */
public final class Actions {
    private Actions() {}

    public static String json(long id, String target, Duration validIn, Duration expireIn) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Action a = Action.of(id, "find passwd", target, now.plus(validIn), now.plus(expireIn),
                        List.of(new Operation("file", JsonNodeFactory.instance.objectNode().put("path", "/etc"))))
                .withSignatures(List.of("wsBcBAABCAAQ-test-signature"));
        return MigJson.write(a);
    }

    public static String json(long id) {
        return json(id, "status='online'", Duration.ofSeconds(-1), Duration.ofHours(1));
    }
}
