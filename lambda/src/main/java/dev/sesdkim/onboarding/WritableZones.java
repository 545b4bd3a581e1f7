package dev.sesdkim.onboarding;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Route 53 hosted zones this deployment may write DKIM records into: exactly what the stack's IAM policy grants,
 * passed to the function as {@value #VARIABLE}. Knowing it before SES is called is what keeps a zone the function may
 * not write from costing an SES identity: a {@code hostedZoneId} outside it is rejected at once, and a zone found by
 * name outside it is someone else's, so the domain gets the manual-DNS path.
 *
 * @param all every zone in the account (the stack's {@code allHostedZones=true})
 * @param ids bare zone ids (no {@code /hostedzone/} prefix); ignored when {@code all}
 */
public record WritableZones(boolean all, Set<String> ids) {

    public static final String VARIABLE = "WRITABLE_HOSTED_ZONES";
    /** The value that grants every zone in the account. */
    public static final String ALL = "*";
    /** The value that grants none: every domain's records are created by hand. */
    public static final String NONE = "none";

    public static final WritableZones EVERY_ZONE = new WritableZones(true, Set.of());
    public static final WritableZones NO_ZONE = new WritableZones(false, Set.of());


    public WritableZones {
        ids = Set.copyOf(ids);
    }

    /**
     * Reads {@value #VARIABLE}: {@value #ALL}, {@value #NONE}, or zone ids separated by commas ({@code Z0123…} or
     * {@code /hostedzone/Z0123…}).
     */
    public static WritableZones parse(String value) {
        String text = value.strip();
        if (text.equals(ALL)) {
            return EVERY_ZONE;
        }
        if (text.isEmpty() || text.equalsIgnoreCase(NONE)) {
            return NO_ZONE;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String item : Arrays.stream(text.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList()) {
            String id = bare(item);
            if (!HostedZone.isZoneId(id)) {
                throw new IllegalArgumentException("\"" + item + "\" is not a hosted zone id");
            }
            ids.add(id);
        }
        return new WritableZones(false, ids);
    }

    public boolean contains(String zoneId) {
        return all || ids.contains(bare(zoneId));
    }

    public boolean contains(HostedZone zone) {
        return contains(zone.id());
    }

    /**
     * Rejects a {@code hostedZoneId} the message names that this deployment may not write, before anything is called
     * for it.
     */
    public void requireWritable(Optional<String> hostedZoneId) {
        hostedZoneId.filter(id -> !contains(id)).ifPresent(id -> {
            throw new RejectedInputException("hosted zone " + RejectedInputException.quote(id)
                    + " is not one this deployment may write (" + this + "); add it to the stack's hostedZoneIds"
                    + " and deploy, or leave hostedZoneId out to get the records for manual DNS");
        });
    }

    /** What a reason or a log line says about the grant. */
    @Override
    public String toString() {
        if (all) {
            return "it may write every hosted zone in the account";
        }
        return ids.isEmpty() ? "it may write no hosted zone" : "it may write only " + String.join(", ", ids);
    }

    private static String bare(String id) {
        return id.replaceFirst("^/?hostedzone/", "");
    }
}
