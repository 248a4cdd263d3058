package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** Who wrote an action and why; every field is optional (MIG: omitempty). */
@JsonInclude(Include.NON_EMPTY)
public record Description(String author, String email, String url,
                          @JsonInclude(Include.NON_DEFAULT) long revision) {
    public static final Description EMPTY = new Description("", "", "", 0);

    public Description {
        author = author == null ? "" : author;
        email = email == null ? "" : email;
        url = url == null ? "" : url;
    }
}
