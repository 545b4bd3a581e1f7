package dev.sesdkim.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The per-record check through public DNS, for one batch: each of a domain's three {@code <token>._domainkey.<domain>}
 * names is asked for its CNAME and classified as a {@link RecordState}. Where the name has no CNAME, a TXT and then an A
 * record tell {@code not-cname} from {@code missing}, and a missing record is looked for at
 * {@code <name>.<domain>} ({@code doubled-name}). So a domain costs 3 questions when all is well, at most 12.
 * <p>
 * A custom MAIL FROM domain adds its MX and its SPF TXT, a question each when all is well, two when one is missing (the
 * doubled name again): at most 16 for the domain. The MX is {@code ok} when any of the name's MX records has SES's
 * feedback host as its exchange, whatever the preference. The TXT is {@code ok} when the name has exactly one SPF record
 * ({@code v=spf1}, RFC 7208) and it has the term {@code include:amazonses.com}: a second SPF record makes SPF fail
 * for every sender, so it is {@code wrong-value} however right each one looks.
 * <p>
 * A slow resolver must not eat the invocation: the {@link PublicDns} adapter keeps each question short and paced, and
 * this check asks at most {@value #MAX_QUESTIONS_PER_BATCH} questions per batch and none after
 * {@value #MAX_UNANSWERED_IN_A_ROW} unanswered in a row (the resolver is down or unreachable): what it does not ask is
 * {@code unresolved}, which is never announced as a change. The caller asks its time budget before each domain.
 */
public final class DnsCheck {

    static final int MAX_QUESTIONS_PER_BATCH = 400;
    static final int MAX_UNANSWERED_IN_A_ROW = 3;

    /** The order of checks in events and in the carried state: a MAIL FROM domain's MX and TXT share a name. */
    static final Comparator<RecordCheck> BY_NAME_THEN_TYPE = Comparator.comparing(RecordCheck::name)
            .thenComparing(RecordCheck::type);
    private static final Pattern SPF_RECORD_COUNT = Pattern.compile("\\d+ SPF records");
    private static final String SES_SPF_TERM = "include:amazonses.com";

    private final PublicDns dns;
    private int asked;
    private int unansweredInARow;

    public DnsCheck(PublicDns dns) {
        this.dns = dns;
    }

    /**
     * The domain's DKIM records and its MAIL FROM domain's MX and TXT ({@code mailFrom}, empty without one) as public
     * DNS answers for them, sorted by name, then type. The DKIM records are asked first: if the batch runs out of
     * questions, what it could not ask should be the MAIL FROM records: the DKIM records are what signs the mail.
     */
    public List<RecordCheck> records(Domain domain, List<DkimRecord> dkim, List<MailFromRecord> mailFrom) {
        List<RecordCheck> checks = new ArrayList<>();
        dkim.stream()
                .sorted(Comparator.comparing(DkimRecord::name))
                .map(record -> record(domain, record))
                .forEach(checks::add);
        mailFrom.stream()
                .sorted(Comparator.comparing(MailFromRecord::name).thenComparing(MailFromRecord::type))
                .map(record -> record(domain, record))
                .forEach(checks::add);
        return checks.stream().sorted(BY_NAME_THEN_TYPE).toList();
    }

    /** The zone's own name servers against those public DNS gives for its name; empty if DNS did not answer. */
    public Optional<DelegationCheck> delegation(HostedZone zone, List<String> zoneNameServers) {
        DnsAnswer answer = ask(zone.name(), PublicDns.Type.NS);
        if (answer instanceof DnsAnswer.Found found) {
            List<String> names = found.values().stream().map(DnsText::shown).toList();
            return Optional.of(DelegationCheck.of(zone, zoneNameServers, names));
        }
        if (answer instanceof DnsAnswer.NoSuchName || answer instanceof DnsAnswer.NoData) {
            return Optional.of(DelegationCheck.of(zone, zoneNameServers, List.of()));
        }
        return Optional.empty();
    }

    /** How many questions this batch has asked. */
    public int questionsAsked() {
        return asked;
    }

    private RecordCheck record(Domain domain, DkimRecord expected) {
        DnsAnswer cname = ask(expected.name(), PublicDns.Type.CNAME);
        if (cname instanceof DnsAnswer.Found found && !found.values().isEmpty()) {
            String target = found.values().get(0);
            Optional<String> name = DnsText.hostName(target);
            return name.filter(Domain.canonicalDnsName(expected.value())::equals).isPresent()
                    ? RecordCheck.of(expected, RecordState.OK)
                    : RecordCheck.of(expected, RecordState.WRONG_TARGET, DnsText.shown(target));
        }
        if (cname instanceof DnsAnswer.Unresolved) {
            return RecordCheck.of(expected, RecordState.UNRESOLVED);
        }
        if (cname instanceof DnsAnswer.NoData) {
            for (PublicDns.Type other : List.of(PublicDns.Type.TXT, PublicDns.Type.A)) {
                DnsAnswer answer = ask(expected.name(), other);
                if (answer instanceof DnsAnswer.Found) {
                    return RecordCheck.of(expected, RecordState.NOT_CNAME, other.name());
                }
                if (answer instanceof DnsAnswer.Unresolved) {
                    return RecordCheck.of(expected, RecordState.UNRESOLVED);
                }
            }
        }
        return doubledOrMissing(domain, expected);
    }

    private RecordCheck doubledOrMissing(Domain domain, DkimRecord expected) {
        return doubledName(domain, expected.name(), PublicDns.Type.CNAME)
                .map(doubled -> RecordCheck.of(expected, RecordState.DOUBLED_NAME, doubled))
                .orElseGet(() -> RecordCheck.of(expected, RecordState.MISSING));
    }

    private RecordCheck record(Domain domain, MailFromRecord expected) {
        return switch (expected.type()) {
            case MailFromDomain.MX -> mx(domain, expected);
            case MailFromDomain.TXT -> spf(domain, expected);
            default -> throw new IllegalArgumentException("not a MAIL FROM record type: " + expected.type());
        };
    }

    private RecordCheck mx(Domain domain, MailFromRecord expected) {
        DnsAnswer answer = ask(expected.name(), PublicDns.Type.MX);
        if (answer instanceof DnsAnswer.Unresolved) {
            return RecordCheck.of(expected, RecordState.UNRESOLVED);
        }
        if (answer instanceof DnsAnswer.Found found && !found.values().isEmpty()) {
            String feedbackHost = Domain.canonicalDnsName(MxValue.of(expected.value()).exchange());
            List<MxValue> exchanges = found.values().stream().map(MxValue::of).sorted().toList();
            boolean toSes = exchanges.stream()
                    .anyMatch(mx -> DnsText.hostName(mx.exchange()).filter(feedbackHost::equals).isPresent());
            // The most preferred one, not the first: resolvers rotate the order, and what is found is part of the state.
            return toSes ? RecordCheck.of(expected, RecordState.OK)
                    : RecordCheck.of(expected, RecordState.WRONG_TARGET, DnsText.shown(exchanges.get(0).exchange()));
        }
        return doubledOrMissing(domain, expected, PublicDns.Type.MX);
    }

    private RecordCheck spf(Domain domain, MailFromRecord expected) {
        DnsAnswer answer = ask(expected.name(), PublicDns.Type.TXT);
        if (answer instanceof DnsAnswer.Unresolved) {
            return RecordCheck.of(expected, RecordState.UNRESOLVED);
        }
        List<String> spf = answer instanceof DnsAnswer.Found found
                ? found.values().stream().filter(DnsCheck::isSpfRecord).toList() : List.of();
        if (spf.isEmpty()) {
            return doubledOrMissing(domain, expected, PublicDns.Type.TXT);
        }
        if (spf.size() > 1) {
            return RecordCheck.of(expected, RecordState.WRONG_VALUE, spf.size() + " SPF records");
        }
        return includesSes(spf.get(0)) ? RecordCheck.of(expected, RecordState.OK)
                : RecordCheck.of(expected, RecordState.WRONG_VALUE, DnsText.shownText(spf.get(0)));
    }

    private RecordCheck doubledOrMissing(Domain domain, MailFromRecord expected, PublicDns.Type type) {
        return doubledName(domain, expected.name(), type)
                .map(doubled -> RecordCheck.of(expected, RecordState.DOUBLED_NAME, doubled))
                .orElseGet(() -> RecordCheck.of(expected, RecordState.MISSING));
    }

    /** {@code <name>.<domain>} if public DNS has a record of {@code type} there: a console appended the zone to a full name. */
    private Optional<String> doubledName(Domain domain, String name, PublicDns.Type type) {
        String doubled = name + "." + domain.name();
        if (doubled.length() <= DnsText.MAX_NAME_LENGTH
                && ask(doubled, type) instanceof DnsAnswer.Found found && !found.values().isEmpty()) {
            return Optional.of(doubled);
        }
        return Optional.empty();
    }

    /** A TXT record is an SPF record when it starts with the version term {@code v=spf1}, alone or before a space. */
    private static boolean isSpfRecord(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("v=spf1") || lower.startsWith("v=spf1 ");
    }

    /** The record has the whole term {@code include:amazonses.com}, with or without the {@code +} it means anyway. */
    private static boolean includesSes(String spf) {
        return Arrays.stream(spf.split(" +"))
                .map(term -> term.startsWith("+") ? term.substring(1) : term)
                .anyMatch(SES_SPF_TERM::equalsIgnoreCase);
    }

    /** True if {@code found} of a {@code wrong-value} counts SPF records rather than showing the one there is. */
    static boolean countsSpfRecords(String found) {
        return SPF_RECORD_COUNT.matcher(found).matches();
    }

    /** An MX answer, {@code <preference> <exchange>}; ordered as mail is delivered: lowest preference first. */
    private record MxValue(int preference, String exchange) implements Comparable<MxValue> {

        static MxValue of(String value) {
            int space = value.indexOf(' ');
            if (space > 0 && space <= 5 && value.substring(0, space).chars().allMatch(Character::isDigit)) {
                return new MxValue(Integer.parseInt(value.substring(0, space)), value.substring(space + 1));
            }
            return new MxValue(Integer.MAX_VALUE, value);
        }

        @Override
        public int compareTo(MxValue other) {
            return Comparator.comparingInt(MxValue::preference).thenComparing(MxValue::exchange).compare(this, other);
        }
    }

    private DnsAnswer ask(String name, PublicDns.Type type) {
        if (asked >= MAX_QUESTIONS_PER_BATCH) {
            return new DnsAnswer.Unresolved("not asked: this batch has asked its " + MAX_QUESTIONS_PER_BATCH + " questions");
        }
        if (unansweredInARow >= MAX_UNANSWERED_IN_A_ROW) {
            return new DnsAnswer.Unresolved("not asked: the resolver left " + unansweredInARow + " questions in a row unanswered");
        }
        asked++;
        DnsAnswer answer = dns.lookup(name, type);
        unansweredInARow = answer instanceof DnsAnswer.Unresolved ? unansweredInARow + 1 : 0;
        return answer;
    }

    /** True if every record has a diagnosis: none {@code unresolved}. Only such a check counts as a state. */
    public static boolean conclusive(List<RecordCheck> checks) {
        return !checks.isEmpty() && checks.stream().noneMatch(check -> check.state() == RecordState.UNRESOLVED);
    }

    /**
     * The state a re-check message carries to the next re-check, so a change can be told without a store: each record's
     * state in name, then type order, with a short digest of what was found where there is something (a changed wrong
     * target is a change too), and a digest of the public name servers if the zone is not delegated. Like
     * {@code ok,wrong-target:1f2e3d4c,missing}.
     */
    public static String state(List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        String records = checks.stream()
                .sorted(BY_NAME_THEN_TYPE)
                .map(check -> check.state().word() + check.found().map(found -> ":" + digest(found)).orElse(""))
                .collect(Collectors.joining(","));
        return records + delegation.filter(check -> !check.delegated())
                .map(check -> ";ns:" + digest(String.join(" ", check.publicNameServers())))
                .orElse("");
    }

    /**
     * The records' states as a carried {@link #state} gives them (what was found is not kept), for the DKIM records and
     * the MAIL FROM records; empty if the state is not one of as many records (a state written before the MAIL FROM
     * records were checked is not one of theirs).
     */
    public static Optional<List<RecordCheck>> fromState(String state, List<DkimRecord> dkim, List<MailFromRecord> mailFrom) {
        String[] words = state.split(";", 2)[0].split(",");
        List<RecordCheck> sorted = Stream.concat(
                        dkim.stream().map(record -> RecordCheck.of(record, RecordState.MISSING)),
                        mailFrom.stream().map(record -> RecordCheck.of(record, RecordState.MISSING)))
                .sorted(BY_NAME_THEN_TYPE)
                .toList();
        if (words.length != sorted.size()) {
            return Optional.empty();
        }
        List<RecordCheck> checks = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            Optional<RecordState> recordState = RecordState.ofWord(words[i].split(":", 2)[0]);
            if (recordState.isEmpty()) {
                return Optional.empty();
            }
            checks.add(sorted.get(i).withState(recordState.get()));
        }
        return Optional.of(checks);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
