package dev.sesdkim.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The per-record check through public DNS, for one batch: each of a domain's three {@code <token>._domainkey.<domain>}
 * names is asked for its CNAME and classified as a {@link RecordState}. Where the name has no CNAME, a TXT and then an A
 * record tell {@code not-cname} from {@code missing}, and a missing record is looked for at
 * {@code <name>.<domain>} ({@code doubled-name}). So a domain costs 3 questions when all is well, at most 12.
 * <p>
 * A slow resolver must not eat the invocation: the {@link PublicDns} adapter keeps each question short and paced, and
 * this check asks at most {@value #MAX_QUESTIONS_PER_BATCH} questions per batch and none after
 * {@value #MAX_UNANSWERED_IN_A_ROW} unanswered in a row (the resolver is down or unreachable): what it does not ask is
 * {@code unresolved}, which is never announced as a change. The caller asks its time budget before each domain.
 */
public final class DnsCheck {

    static final int MAX_QUESTIONS_PER_BATCH = 400;
    static final int MAX_UNANSWERED_IN_A_ROW = 3;

    private final PublicDns dns;
    private int asked;
    private int unansweredInARow;

    public DnsCheck(PublicDns dns) {
        this.dns = dns;
    }

    /** The domain's records as public DNS answers for them, sorted by name. */
    public List<RecordCheck> records(Domain domain, List<DkimRecord> expected) {
        return expected.stream()
                .sorted(Comparator.comparing(DkimRecord::name))
                .map(record -> record(domain, record))
                .toList();
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
        String doubled = expected.name() + "." + domain.name();
        if (doubled.length() <= DnsText.MAX_NAME_LENGTH
                && ask(doubled, PublicDns.Type.CNAME) instanceof DnsAnswer.Found found && !found.values().isEmpty()) {
            return RecordCheck.of(expected, RecordState.DOUBLED_NAME, doubled);
        }
        return RecordCheck.of(expected, RecordState.MISSING);
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
     * state in name order, with a short digest of what was found where there is something (a changed wrong target is a
     * change too), and a digest of the public name servers if the zone is not delegated. Like {@code ok,wrong-target:1f2e3d4c,missing}.
     */
    public static String state(List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        String records = checks.stream()
                .sorted(Comparator.comparing(RecordCheck::name))
                .map(check -> check.state().word() + check.found().map(found -> ":" + digest(found)).orElse(""))
                .collect(Collectors.joining(","));
        return records + delegation.filter(check -> !check.delegated())
                .map(check -> ";ns:" + digest(String.join(" ", check.publicNameServers())))
                .orElse("");
    }

    /** The records' states as a carried {@link #state} gives them (what was found is not kept), for {@code expected}. */
    public static Optional<List<RecordCheck>> fromState(String state, List<DkimRecord> expected) {
        String[] words = state.split(";", 2)[0].split(",");
        List<DkimRecord> sorted = expected.stream().sorted(Comparator.comparing(DkimRecord::name)).toList();
        if (words.length != sorted.size()) {
            return Optional.empty();
        }
        List<RecordCheck> checks = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            Optional<RecordState> recordState = RecordState.ofWord(words[i].split(":", 2)[0]);
            if (recordState.isEmpty()) {
                return Optional.empty();
            }
            checks.add(RecordCheck.of(sorted.get(i), recordState.get()));
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
