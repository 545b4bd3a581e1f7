package dev.sesdkim.onboarding;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** The longest name DNS allows (RFC 1035, without the trailing dot). */
    static final int MAX_DNS_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    /** A top-level label has a letter: no TLD is all digits and hyphens (RFC 3696 section 2). */
    private static final Pattern NO_LETTER = Pattern.compile("[0-9-]+");
    private static final Pattern IDN_DOTS = Pattern.compile("[\u3002\uff0e\uff61]");

    /**
     * The characters that {@link IDN} (IDNA2003 on Unicode 3.2, after this class lower-cases) and IDNA2008 as browsers
     * apply it (UTS #46 non-transitional processing) turn into two different valid names, each with how they differ.
     * Converting either way could onboard a domain other than the one the producer meant, which is worse than rejecting.
     * <p>
     * The list is complete, not a sample: {@code DomainIdna2008Test} converts every code point, alone and between
     * letters, with ICU's UTS #46 and finds no other accepted name that differs. Single code points are enough because
     * both standards map one character at a time (lower-casing's final-sigma rule turns a last Σ into ς, but IDN turns
     * that into the σ UTS #46 maps every Σ to, so upper-case Greek needs no rule), Unicode's normalisation stability
     * policy keeps every other Unicode 3.2 character decomposing and composing as it did in 3.2, and IDNA2008's context
     * and bidi rules only ever refuse a name. A character that IDNA2003 keeps or maps but IDNA2008 disallows (symbols
     * such as U+2665 heart, U+00BD one half, U+2488 "1.") has no IDNA2008 form the producer could have meant instead,
     * so it is not a different domain; the other checks decide about it.
     */
    private static final Map<Integer, String> IDNA2003_DIFFERS;

    static {
        String joiner = "an invisible formatting character which IDNA2003 deletes but IDNA2008 keeps between some letters";
        String filler = "an invisible filler which IDNA2003 keeps but browsers' IDNA2008 (UTS #46) deletes";
        String correctedIdeograph = "which IDNA2003 normalises to another ideograph than IDNA2008 does";
        IDNA2003_DIFFERS = Map.ofEntries(
                // The four UTS #46 deviations: IDNA2003 maps them away, IDNA2008 keeps them as characters of their own.
                Map.entry(0x00DF, "which IDNA2003 turns into \"ss\" but IDNA2008 keeps"),
                Map.entry(0x03C2, "which IDNA2003 turns into U+03C3 (non-final sigma) but IDNA2008 keeps"),
                Map.entry(0x200C, joiner),
                Map.entry(0x200D, joiner),
                // Lower-cased to U+00DF before IDN sees it; UTS #46 maps it to U+00DF as well, and keeps that.
                Map.entry(0x1E9E, "which IDNA2003 turns into \"ss\" but IDNA2008 into U+00DF (sharp s)"),
                // Hangul and Khmer fillers: letters to IDNA2003, ignorable to UTS #46.
                Map.entry(0x115F, filler),
                Map.entry(0x1160, filler),
                Map.entry(0x3164, filler),
                Map.entry(0xFFA0, filler),
                Map.entry(0x17B4, filler),
                Map.entry(0x17B5, filler),
                // Unicode corrected their decompositions after 3.2 (Corrigendum #4); IDNA2003 keeps the old ones.
                Map.entry(0x2F868, correctedIdeograph),
                Map.entry(0x2F874, correctedIdeograph),
                Map.entry(0x2F91F, correctedIdeograph),
                Map.entry(0x2F95F, correctedIdeograph),
                Map.entry(0x2F9BF, correctedIdeograph));
    }

    public Domain {
        String problem = problemWithCanonical(name, MAX_NAME_LENGTH);
        if (problem != null) {
            throw new RejectedInputException("domain " + RejectedInputException.quote(String.valueOf(name)) + " is invalid: " + problem);
        }
    }

    /**
     * Normalises (trim, lower-case, trailing dot removed, IDN to punycode) and validates a domain from a message; a name
     * that IDNA2003 and IDNA2008 would turn into different domains is rejected, its punycode form accepted as it is.
     */
    public static Domain parse(String raw) {
        return new Domain(canonicalName(raw, "domain", MAX_NAME_LENGTH));
    }

    /**
     * As {@link #parse} does for a domain, normalises and validates another name a message gives ({@code field}, like
     * {@code mailFrom}) and returns it in canonical form: the same rules and reasons, at most {@code maxLength} characters.
     */
    static String canonicalName(String raw, String field, int maxLength) {
        return canonicalName(raw, field, maxLength, null);
    }

    /**
     * As {@link #canonicalName(String, String, int)}, except that a name which is one label once normalised (IDNA's
     * reading of it decides, so its other full stops end or split a label too) is taken as that label below
     * {@code parentOfALabel}, when given; reasons quote the name as sent.
     */
    static String canonicalName(String raw, String field, int maxLength, String parentOfALabel) {
        if (raw == null) {
            throw new RejectedInputException(field + " is missing");
        }
        String quoted = RejectedInputException.quote(raw);
        String trimmed = trim(raw);
        if (trimmed.isEmpty()) {
            throw new RejectedInputException(field + " is empty");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: contains a control character");
        }
        // Checked on the name as sent: lower-casing turns a last capital sigma into ς, which needs no rule (see above).
        String idnaProblem = problemWithIdna2003(trimmed);
        if (idnaProblem != null) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: " + idnaProblem);
        }
        // IDN would delete these (zero-width space, soft hyphen, BOM, bidi marks): a different name than sent.
        if (trimmed.codePoints().anyMatch(Domain::isInvisible)) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: contains an invisible formatting character");
        }
        if (trimmed.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: contains whitespace");
        }
        if (trimmed.contains("*")) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: wildcards are not allowed");
        }
        if (trimmed.indexOf(':') >= 0 || trimmed.indexOf('[') >= 0) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: IP addresses and ports are not domains");
        }
        String ascii = toAscii(trimmed.toLowerCase(Locale.ROOT), field, quoted);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (parentOfALabel != null && !ascii.isEmpty() && ascii.indexOf('.') < 0) {
            ascii = ascii + "." + parentOfALabel;
        }
        String problem = problemWithCanonical(ascii, maxLength);
        if (problem != null) {
            throw new RejectedInputException(field + " " + quoted + " is invalid: " + problem);
        }
        return ascii;
    }

    /** Names the first character that IDNA2003 and IDNA2008 convert differently, or null if there is none. */
    private static String problemWithIdna2003(String name) {
        return name.codePoints().filter(IDNA2003_DIFFERS::containsKey).mapToObj(cp -> "contains "
                        + RejectedInputException.quote(Character.toString(cp)) + " (U+" + String.format(Locale.ROOT, "%04X", cp) + " "
                        + Character.getName(cp) + "), " + IDNA2003_DIFFERS.get(cp)
                        + ", so the two can name different domains: send the punycode (xn--) form of the name you mean")
                .findFirst().orElse(null);
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
    private static String toAscii(String name, String field, String quoted) {
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
                throw new RejectedInputException(field + " " + quoted + " is invalid: label " + RejectedInputException.quote(label)
                        + " is not a valid internationalised name (" + RejectedInputException.quote(e.getMessage()) + ")", e);
            }
        }
        return ascii.toString();
    }

    private static String problemWithCanonical(String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > maxLength) {
            return "it is " + name.length() + " characters long, more than " + maxLength
                    + (maxLength == MAX_NAME_LENGTH ? " (its DKIM record names <token>._domainkey.<domain> must fit in DNS's 253)"
                    : " (DNS allows " + MAX_DNS_NAME_LENGTH + ")");
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
        String zone = canonicalDnsName(zoneName);
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** A DNS name as DNS compares names: lower-case, without the trailing dot of a fully qualified name. */
    public static String canonicalDnsName(String dnsName) {
        String lower = dnsName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
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
