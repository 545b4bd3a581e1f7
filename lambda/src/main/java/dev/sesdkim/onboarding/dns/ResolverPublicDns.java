package dev.sesdkim.onboarding.dns;

import dev.sesdkim.onboarding.DnsAnswer;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.PublicDns;
import dev.sesdkim.onboarding.Settings;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Public DNS through dnsjava: one question per call to a recursive resolver ({@code DNS_RESOLVER}, else the system's),
 * each given at most {@link #QUESTION_TIMEOUT} and paced to {@link #QUESTIONS_PER_SECOND}, so a resolver that never
 * answers costs {@link dev.sesdkim.onboarding.DnsCheck}'s few unanswered questions and no more. Every failure to get an answer is
 * {@link DnsAnswer.Unresolved}, never an exception.
 */
public final class ResolverPublicDns implements PublicDns {

    /** The longest one question may take: resolvers answer in milliseconds, or not at all. */
    public static final Duration QUESTION_TIMEOUT = Duration.ofMillis(1500);
    /** A polite rate towards a shared resolver; a domain's check is 3 questions when all is well. */
    public static final double QUESTIONS_PER_SECOND = 50;

    private final Resolver resolver;
    private final Pacer pacer;

    ResolverPublicDns(Resolver resolver, Pacer pacer) {
        this.resolver = resolver;
        this.pacer = pacer;
    }

    /** The resolver the setting names, else the system's resolvers (each asked once, within the one timeout). */
    public static ResolverPublicDns create(Optional<Settings.DnsResolver> setting, Pacer pacer) {
        Resolver resolver;
        if (setting.isPresent()) {
            try {
                SimpleResolver simple = new SimpleResolver(setting.get().host());
                simple.setPort(setting.get().port());
                resolver = simple;
            } catch (UnknownHostException e) {
                throw new Settings.InvalidSettingException("Setting " + Settings.DNS_RESOLVER + "=" + setting.get().host()
                        + " names a host that does not resolve: " + e.getMessage());
            }
        } else {
            ExtendedResolver system = new ExtendedResolver();
            system.setRetries(1);
            system.setLoadBalance(false);
            resolver = system;
        }
        resolver.setTimeout(QUESTION_TIMEOUT);
        return new ResolverPublicDns(resolver, pacer);
    }

    /** A resolver at a socket address, as the tests start one on loopback. */
    public static ResolverPublicDns at(InetSocketAddress address, Pacer pacer) {
        SimpleResolver simple = new SimpleResolver(address);
        simple.setTimeout(QUESTION_TIMEOUT);
        return new ResolverPublicDns(simple, pacer);
    }

    @Override
    public DnsAnswer lookup(String name, PublicDns.Type type) {
        Name question;
        try {
            question = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return new DnsAnswer.Unresolved("not a DNS name");
        }
        int asked = dnsType(type);
        Message response;
        try (Pacer.Slot ignored = pacer.acquire()) {
            response = resolver.send(Message.newQuery(Record.newRecord(question, asked, DClass.IN)));
        } catch (IOException e) {
            return new DnsAnswer.Unresolved(e.getClass().getSimpleName());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsAnswer.NoSuchName();
        }
        if (rcode != Rcode.NOERROR) {
            return new DnsAnswer.Unresolved(Rcode.string(rcode));
        }
        List<String> values = response.getSection(Section.ANSWER).stream()
                .filter(record -> record.getType() == asked && record.getName().equals(question))
                .map(ResolverPublicDns::value)
                .toList();
        return values.isEmpty() ? new DnsAnswer.NoData() : new DnsAnswer.Found(values);
    }

    private static String value(Record record) {
        if (record instanceof CNAMERecord cname) {
            return cname.getTarget().toString(true);
        }
        if (record instanceof NSRecord ns) {
            return ns.getTarget().toString(true);
        }
        if (record instanceof MXRecord mx) {
            return mx.getPriority() + " " + mx.getTarget().canonicalize().toString(true);
        }
        if (record instanceof TXTRecord txt) {
            return text(txt);
        }
        return record.rdataToString();
    }

    /**
     * A TXT record as SPF evaluation reads it (RFC 7208, 3.3): its character-strings joined with nothing between, one
     * character per byte; not the quoted, escaped presentation form. What is not printable stays for {@code DnsText} to judge.
     */
    private static String text(TXTRecord txt) {
        StringBuilder joined = new StringBuilder();
        for (byte[] string : txt.getStringsAsByteArrays()) {
            joined.append(new String(string, StandardCharsets.ISO_8859_1));
        }
        return joined.toString();
    }

    private static int dnsType(PublicDns.Type type) {
        return switch (type) {
            case CNAME -> org.xbill.DNS.Type.CNAME;
            case TXT -> org.xbill.DNS.Type.TXT;
            case A -> org.xbill.DNS.Type.A;
            case NS -> org.xbill.DNS.Type.NS;
            case MX -> org.xbill.DNS.Type.MX;
        };
    }
}
