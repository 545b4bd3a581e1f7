package dev.sesdkim.onboarding;

import java.util.regex.Pattern;

/** A public Route 53 hosted zone: its bare id (no {@code /hostedzone/} prefix) and its name without the trailing dot. */
public record HostedZone(String id, String name) {

    /** What a bare Route 53 zone id looks like: upper-case letters and digits, at most 32. */
    public static final Pattern ID = Pattern.compile("[A-Z0-9]{1,32}");

    /** Whether {@code id} is a bare zone id. */
    public static boolean isZoneId(String id) {
        return ID.matcher(id).matches();
    }
}
