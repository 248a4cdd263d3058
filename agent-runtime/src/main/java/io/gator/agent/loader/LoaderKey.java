package io.gator.agent.loader;

import java.util.regex.Pattern;

/**
 * A loader key as MIG's API hands it out: an 8-character prefix and a 32-character secret, letters and digits,
 * sent whole in {@code X-LOADERKEY}. Checked before any request, with mig-loader's messages.
 */
public final class LoaderKey {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9]{40}");

    private LoaderKey() {}

    /**
     * @return the key, trimmed of surrounding spaces as mig-loader trims its key file's line
     * @throws IllegalArgumentException "loader key is incorrect length" or "loader key format is invalid"
     */
    public static String validate(String key) {
        String k = key.strip();
        if (k.length() != 40) {
            throw new IllegalArgumentException("loader key is incorrect length");
        }
        if (!FORMAT.matcher(k).matches()) {
            throw new IllegalArgumentException("loader key format is invalid");
        }
        return k;
    }
}
