package io.gator.api.http;

import org.apache.pekko.http.javadsl.model.HttpRequest;

/** The hrefs of MIG's answers: the request's own, and each resource's under the public base URL. */
final class Links {
    private final ApiSettings settings;

    Links(ApiSettings settings) {
        this.settings = settings;
    }

    /** The request as the caller addressed it, through the public URL. */
    String of(HttpRequest req) {
        return settings.publicUrl() + req.getUri().getPathString()
                + req.getUri().rawQueryString().map(q -> "?" + q).orElse("");
    }

    String base() {
        return settings.baseUrl();
    }

    String action(long id) {
        return base() + "/action?actionid=" + id;
    }

    String command(long id) {
        return base() + "/command?commandid=" + id;
    }

    String agent(long id) {
        return base() + "/agent?agentid=" + id;
    }

    String investigator(long id) {
        return base() + "/investigator?investigatorid=" + id;
    }

    String loader(long id) {
        return base() + "/loader?loaderid=" + id;
    }

    String manifest(long id) {
        return base() + "/manifest?manifestid=" + id;
    }
}
