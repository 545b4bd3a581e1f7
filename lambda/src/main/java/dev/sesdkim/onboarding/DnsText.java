package dev.sesdkim.onboarding;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names from DNS answers are data from whoever runs the domain's DNS: before one goes into an event, a log line or a
 * re-check message it must be a plain host name, lower case, without the trailing dot, at most 253 characters of
 * letters, digits, hyphens and underscores in labels of 1 to 63. A TXT record's text must be printable ASCII (space to
 * tilde) and at most {@value #MAX_TEXT_LENGTH} characters. Anything else is replaced by a description that carries none
 * of its characters.
 */
public final class DnsText {

    static final int MAX_NAME_LENGTH = 253;
    /** Enough for any SPF record a person would write by hand; one DNS character-string is at most this long too. */
    static final int MAX_TEXT_LENGTH = 255;
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");
    private static final Pattern HOST_NAME = Pattern.compile("(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\\.)*"
            + "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");

    private DnsText() {
    }

    /** The name if it is a plain host name (canonical form), else empty. */
    public static Optional<String> hostName(String raw) {
        if (raw == null || raw.length() > MAX_NAME_LENGTH + 1) {
            return Optional.empty();
        }
        String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        name = name.toLowerCase(Locale.ROOT);
        return name.length() <= MAX_NAME_LENGTH && HOST_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** The name as it may be shown: itself if it is a plain host name, else a description of it. */
    public static String shown(String raw) {
        return hostName(raw).orElseGet(() -> "(not a host name: " + (raw == null ? 0 : raw.length()) + " characters)");
    }

    /**
     * A TXT record's text as it may be shown: itself if it is printable ASCII of at most {@value #MAX_TEXT_LENGTH}
     * characters, else a description of it.
     */
    public static String shownText(String raw) {
        if (raw == null) {
            return "(no text)";
        }
        if (!PRINTABLE_ASCII.matcher(raw).matches()) {
            return "(not printable text: " + raw.length() + " characters)";
        }
        return raw.length() <= MAX_TEXT_LENGTH ? raw : "(text of " + raw.length() + " characters, too long to show)";
    }

    /** An SOA mailbox ({@code hostmaster.example.com}, or an address SES rewrote with {@code @}): shown only if plain. */
    public static String shownMailbox(String raw) {
        if (raw != null && raw.indexOf('@') > 0 && raw.indexOf('@') == raw.lastIndexOf('@')) {
            String local = raw.substring(0, raw.indexOf('@'));
            Optional<String> host = hostName(raw.substring(raw.indexOf('@') + 1));
            if (local.length() <= 64 && local.matches("[A-Za-z0-9._+-]+") && host.isPresent()) {
                return local + "@" + host.get();
            }
        }
        return shown(raw);
    }
}
