package dev.sesdkim.onboarding;

import java.util.List;
import java.util.regex.Pattern;

/** The three Easy DKIM tokens SES returns for a domain. Tokens become DNS labels, so each must be one. */
public record DkimTokens(List<String> values) {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{1,63}");

    /** True if {@code label} has the shape of an Easy DKIM token. */
    static boolean isToken(String label) {
        return TOKEN.matcher(label).matches();
    }

    public DkimTokens {
        values = List.copyOf(values);
        if (values.size() != 3) {
            throw new IllegalArgumentException("SES returned " + values.size() + " DKIM tokens, expected 3: " + values);
        }
        for (String token : values) {
            if (!isToken(token)) {
                throw new IllegalArgumentException("SES returned a DKIM token that is not a DNS label: " + token);
            }
        }
    }
}
