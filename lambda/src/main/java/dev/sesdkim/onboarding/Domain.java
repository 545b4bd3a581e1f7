package dev.sesdkim.onboarding;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A sending domain in canonical form: lower-case ASCII (IDN as punycode), no trailing dot, RFC 1123 labels, short
 * enough for its DKIM record names.
 * Only {@link #parse(String)} accepts user input; the constructor insists the name is already canonical,
 * so an invalid domain cannot exist.
 */
public record Domain(String name) {

    /**
     * DNS allows 253 characters in a name, and the longest name this service writes is {@code <token>._domainkey.<domain>}
     * with a token of up to 63 characters ({@link DkimTokens}); a longer domain would get an SES identity whose records
     * Route 53 then refuses.
     */
    private static final int MAX_NAME_LENGTH = 253 - 63 - "._domainkey.".length();
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    /** A top-level label has a letter: no TLD is all digits and hyphens (RFC 3696 section 2). */
    private static final Pattern NO_LETTER = Pattern.compile("[0-9-]+");
    private static final Pattern IDN_DOTS = Pattern.compile("[\u3002\uff0e\uff61]");

    public Domain {
        String problem = problemWithCanonical(name);
        if (problem != null) {
            throw new RejectedInputException("domain " + RejectedInputException.quote(String.valueOf(name)) + " is invalid: " + problem);
        }
    }

    /** Normalises (trim, lower-case, trailing dot removed, IDN to punycode) and validates a domain from a message. */
    public static Domain parse(String raw) {
        if (raw == null) {
            throw new RejectedInputException("domain is missing");
        }
        String quoted = RejectedInputException.quote(raw);
        String trimmed = trim(raw);
        if (trimmed.isEmpty()) {
            throw new RejectedInputException("domain is empty");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw new RejectedInputException("domain " + quoted + " is invalid: contains a control character");
        }
        // IDN would delete these (zero-width space and joiners, soft hyphen, BOM, bidi marks): a different name than sent.
        if (trimmed.codePoints().anyMatch(Domain::isInvisible)) {
            throw new RejectedInputException("domain " + quoted + " is invalid: contains an invisible formatting character");
        }
        if (trimmed.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            throw new RejectedInputException("domain " + quoted + " is invalid: contains whitespace");
        }
        if (trimmed.contains("*")) {
            throw new RejectedInputException("domain " + quoted + " is invalid: wildcards are not allowed");
        }
        if (trimmed.indexOf(':') >= 0 || trimmed.indexOf('[') >= 0) {
            throw new RejectedInputException("domain " + quoted + " is invalid: IP addresses and ports are not domains");
        }
        String ascii = toAscii(trimmed.toLowerCase(Locale.ROOT), quoted);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String problem = problemWithCanonical(ascii);
        if (problem != null) {
            throw new RejectedInputException("domain " + quoted + " is invalid: " + problem);
        }
        return new Domain(ascii);
    }

    /**
     * Formatting characters (zero-width, bidi marks, BOM) and the rest of what IDNA's nameprep maps to nothing
     * (RFC 3454 table B.1: combining grapheme joiner, Mongolian separators, variation selectors).
     */
    private static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0xFE00 && cp <= 0xFE0F);
    }

    /** Removes spaces, tabs and line breaks around the name; other control characters stay, to be rejected. */
    private static String trim(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isSpaceAround(raw.charAt(start))) {
            start++;
        }
        while (end > start && isSpaceAround(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static boolean isSpaceAround(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (!Character.isISOControl(c) && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    /**
     * IDN to punycode label by label, so that empty or over-long labels reach the checks below and get their own
     * reason. IDNA's other full stops (U+3002, U+FF0E, U+FF61) separate labels like the ASCII dot.
     */
    private static String toAscii(String name, String quoted) {
        String[] labels = IDN_DOTS.matcher(name).replaceAll(".").split("\\.", -1);
        StringBuilder ascii = new StringBuilder(name.length());
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i > 0) {
                ascii.append('.');
            }
            if (label.chars().allMatch(c -> c < 0x80)) {
                ascii.append(label);
                continue;
            }
            try {
                ascii.append(IDN.toASCII(label).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // IDN's message repeats the offending input, lone surrogates and bidi overrides included: quoted like the rest.
                throw new RejectedInputException("domain " + quoted + " is invalid: label " + RejectedInputException.quote(label)
                        + " is not a valid internationalised name (" + RejectedInputException.quote(e.getMessage()) + ")", e);
            }
        }
        return ascii.toString();
    }

    private static String problemWithCanonical(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "it is " + name.length() + " characters long, more than " + MAX_NAME_LENGTH
                    + " (its DKIM record names <token>._domainkey.<domain> must fit in DNS's 253)";
        }
        if (name.contains("_domainkey")) {
            return "it must not contain _domainkey (give the domain itself, not a DKIM record name)";
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "it needs at least two labels, like example.com";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "it has an empty label (leading dot or \"..\")";
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return "label " + RejectedInputException.quote(label) + " is " + label.length() + " characters long, more than " + MAX_LABEL_LENGTH;
            }
            if (!LABEL.matcher(label).matches()) {
                return "label " + RejectedInputException.quote(label)
                        + " may only hold letters, digits and inner hyphens";
            }
        }
        if (NO_LETTER.matcher(labels[labels.length - 1]).matches()) {
            return "the top-level label " + RejectedInputException.quote(labels[labels.length - 1])
                    + " has no letter (IP addresses are not domains)";
        }
        return null;
    }

    /** True if this domain is {@code zoneName} itself or lies below it. */
    public boolean isWithin(String zoneName) {
        String zone = zoneName.endsWith(".") ? zoneName.substring(0, zoneName.length() - 1) : zoneName;
        zone = zone.toLowerCase(Locale.ROOT);
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** This name and each parent with at least two labels, longest first: the hosted zone names that could hold it. */
    public List<String> selfAndParents() {
        List<String> names = new ArrayList<>();
        String current = name;
        while (current.indexOf('.') > 0) {
            names.add(current);
            current = current.substring(current.indexOf('.') + 1);
        }
        return names;
    }

    @Override
    public String toString() {
        return name;
    }
}
