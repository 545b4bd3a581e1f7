package dev.sesdkim.onboarding;

import java.util.List;

/** What public DNS answered to one question (a name and a record type). Names and values are as DNS sent them: data, unchecked. */
public sealed interface DnsAnswer {

    /**
     * Records of the type asked for: for CNAME and NS their target names, for MX {@code <preference> <exchange>}, for TXT
     * its strings joined (what SPF reads), for others their data as text.
     */
    record Found(List<String> values) implements DnsAnswer {
        public Found {
            values = List.copyOf(values);
        }
    }

    /** NXDOMAIN: the name does not exist. */
    record NoSuchName() implements DnsAnswer {
    }

    /** The name exists, but has no record of the type asked for. */
    record NoData() implements DnsAnswer {
    }

    /** No usable answer: a timeout, SERVFAIL, REFUSED, a network error. Transient: says nothing about the records. */
    record Unresolved(String why) implements DnsAnswer {
    }
}
