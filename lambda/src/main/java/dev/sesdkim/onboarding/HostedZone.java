package dev.sesdkim.onboarding;

/** A public Route 53 hosted zone: its bare id (no {@code /hostedzone/} prefix) and its name without the trailing dot. */
public record HostedZone(String id, String name) {
}
