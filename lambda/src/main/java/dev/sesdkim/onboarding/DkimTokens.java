package dev.sesdkim.onboarding;

import java.util.List;
import java.util.regex.Pattern;

/** The three Easy DKIM tokens SES returns for a domain. Tokens become DNS labels, so each must be one. */
public record DkimTokens(List<String> values) {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{1,63}");

    public DkimTokens {
        values = List.copyOf(values);
        if (values.size() != 3) {
            throw new IllegalArgumentException("SES returned " + values.size() + " DKIM tokens, expected 3: " + values);
        }
        for (String token : values) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("SES returned a DKIM token that is not a DNS label: " + token);
            }
        }
    }
}
