package dev.sesdkim.onboarding;

/**
 * Public DNS as a resolver answers it (the {@code DNS_RESOLVER} setting, or the system's): what SES itself will find.
 * An implementation keeps each question short (a timeout of a second or two) and paces its questions.
 */
public interface PublicDns {

    /** The record types the workflow asks about. */
    enum Type { CNAME, TXT, A, NS, MX }

    /** Asks for the records of {@code type} at {@code name} (no trailing dot needed); never throws for a DNS failure. */
    DnsAnswer lookup(String name, Type type);
}
