package io.gator.api.http;

import io.gator.core.json.SafeText;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.apache.pekko.japi.Pair;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The directive in front of Pekko's form-field directives ({@code formFieldOptional}): a body must be a
 * url-encoded or multipart form (else 415), its text strictly UTF-8 and storable (else 400 naming the
 * field); no body at all is an empty form whatever its content type. Expects a strict entity.
 */
final class FormFields extends AllDirectives {
    private final Duration timeout;

    FormFields(Duration timeout) {
        this.timeout = timeout;
    }

    Route checked(Supplier<Route> inner) {
        return extractRequest(req -> {
            HttpEntity entity = req.entity();
            if (entity.isKnownEmpty() || !(entity instanceof HttpEntity.Strict strict) || strict.getData().isEmpty()) {
                // without a content type Pekko's form unmarshallers read an empty body as an empty form
                return mapRequest(r -> r.withEntity(HttpEntities.EMPTY), inner);
            }
            var media = entity.getContentType().mediaType();
            if (media.equals(MediaTypes.APPLICATION_X_WWW_FORM_URLENCODED)) {
                String body = SafeText.utf8(strict.getData().toArray()).orElseThrow(() ->
                        new ApiError(StatusCodes.BAD_REQUEST, "form body is not valid UTF-8"));
                StrictUrlEncoding.check(body, "form body");
                // Go's form parser, MIG's API, takes raw characters Pekko's refuses: escape them, same fields
                String escaped = StrictUrlEncoding.escapeRaw(body);
                Query form;
                try {
                    // as Pekko's form unmarshaller reads it for formFieldOptional
                    form = Query.create(escaped, StandardCharsets.UTF_8, Uri.RELAXED);
                } catch (IllegalUriException e) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, "malformed form body: " + e.info().summary());
                }
                List<Map.Entry<String, String>> fields = new ArrayList<>();
                for (Pair<String, String> p : form.toList()) {
                    fields.add(new AbstractMap.SimpleImmutableEntry<>(p.first(), p.second()));
                }
                Fields.refuseUnstorable(Fields.firstValues(fields), "form field");
                if (escaped.equals(body)) {
                    return inner.get();
                }
                return mapRequest(r -> r.withEntity(HttpEntities.create(entity.getContentType(),
                        escaped.getBytes(StandardCharsets.UTF_8))), inner);
            }
            if (media.isMultipart()) {
                return extractMaterializer(mat -> {
                    CompletionStage<Multipart.FormData.Strict> parts = Unmarshaller.entityToMultipartFormData()
                            .unmarshal(entity, mat).thenCompose(fd -> fd.toStrict(timeout.toMillis(), mat));
                    return onSuccess(parts, form -> {
                        List<Map.Entry<String, String>> fields = new ArrayList<>();
                        for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
                            String name = part.getName();
                            String value = SafeText.utf8(part.getEntity().getData().toArray()).orElseThrow(() ->
                                    new ApiError(StatusCodes.BAD_REQUEST, "form field '" + Fields.printable(name)
                                            + "' is not valid UTF-8"));
                            fields.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
                        }
                        Fields.refuseUnstorable(Fields.firstValues(fields), "form field");
                        return inner.get();
                    });
                });
            }
            throw new ApiError(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                    "request body must be application/x-www-form-urlencoded or multipart/form-data, got "
                            + entity.getContentType());
        });
    }
}
