package dev.sesdkim.onboarding.local;

import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.RecordSpec;
import dev.sesdkim.onboarding.RejectedInputException;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.StatusReporting;
import dev.sesdkim.onboarding.TimeBudget;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operators' status command: the report the {@code status} action publishes ({@code DKIM Status Reported}), for
 * one or more domains, printed as a table. It is the function's own {@link StatusReporting} on the function's own
 * adapters, on the caller's credentials (the default chain) against an account, or against an emulator with
 * {@code --endpoint}. It only reads: one paced SES call per 100 domains, one reading of the schedule group, two
 * Route 53 reads per domain.
 */
public final class StatusCommand {

    static final String USAGE = """
            usage: status --schedule-group NAME [--region REGION] [--endpoint URL] [--dkim-domain DOMAIN] domain ...
              domain ...               the domains to report on
              --schedule-group NAME    the stack's schedule group (stack output ScheduleGroupName)
              --region REGION          the stack's region (default: AWS_REGION or your profile's)
              --endpoint URL           an AWS emulator instead of AWS (credentials "testing")
              --dkim-domain DOMAIN     what the CNAMEs point at, if the stack sets dkimTargetDomain
            """;

    private final PrintStream out;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // The table is the output; the adapters' own JSON log lines would only come before it.
        System.setProperty("dkim.logLevel", "ERROR");
        System.exit(new StatusCommand(System.out).run(args));
    }

    /** Prints the table; returns 0, or 2 for bad arguments or an AWS that does not answer. */
    int run(String... args) {
        Optional<String> scheduleGroup = Optional.empty();
        Optional<String> region = Optional.empty();
        Optional<URI> endpoint = Optional.empty();
        Optional<String> dkimDomain = Optional.empty();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--schedule-group" -> scheduleGroup = Optional.of(args[++i]);
                    case "--region" -> region = Optional.of(args[++i]);
                    case "--endpoint" -> endpoint = Optional.of(URI.create(args[++i]));
                    case "--dkim-domain" -> dkimDomain = Optional.of(args[++i]);
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> names.add(args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            out.print(USAGE);
            return 2;
        }
        if (scheduleGroup.isEmpty() || names.isEmpty()) {
            out.print(USAGE);
            return 2;
        }
        Optional<URI> emulator = endpoint;
        Optional<String> regionName = region.or(() -> emulator.isPresent() ? Optional.of(LocalEnvironment.REGION) : configuredRegion());
        if (regionName.isEmpty()) {
            out.println("No AWS region: pass --region REGION (the stack's region) or set AWS_REGION");
            return 2;
        }
        return report(scheduleGroup.get(), regionName.get(), endpoint, dkimDomain, names);
    }

    /** The region of the environment or the profile, as the SDK finds it; empty when none is set. */
    private static Optional<String> configuredRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }

    private int report(String scheduleGroup, String regionName, Optional<URI> endpoint, Optional<String> dkimDomain,
                       List<String> names) {
        Optional<URI> emulator = endpoint;
        AwsCredentialsProvider credentials = emulator.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))
                : DefaultCredentialsProvider.builder().build();
        RecordSpec recordSpec = new RecordSpec(dkimDomain.orElseGet(() -> Settings.dkimDomainFor(regionName)),
                Settings.DEFAULT_DKIM_RECORD_TTL);
        StatusReporting reporting = AwsWorkflowFactory.statusReporting(regionName, endpoint, credentials, scheduleGroup,
                recordSpec, Pacer.realTime(Settings.DEFAULT_SES_CALLS_PER_SECOND), Clock.systemUTC());

        List<Request.Status> requests = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (String name : names) {
            try {
                requests.add(new Request.Status(Domain.parse(name), Optional.empty(), Optional.empty()));
            } catch (RejectedInputException e) {
                rows.add(row(name, "rejected: " + e.reason(), "", "", "", "", "", ""));
            }
        }
        try {
            StatusReporting.Reading reading = reporting.read(requests.stream().map(Request.Status::domain).toList(),
                    new TimeBudget(() -> Long.MAX_VALUE, Duration.ZERO));
            for (Request.Status request : requests) {
                try {
                    rows.add(row(reporting.report(request, reading)));
                } catch (RejectedInputException e) {
                    rows.add(row(request.domain().name(), "rejected: " + e.reason(), "", "", "", "", "", ""));
                }
            }
        } catch (SdkClientException e) {
            out.println("AWS did not answer" + emulator.map(url -> " at " + url).orElse("") + ": " + e.getMessage());
            return 2;
        }
        out.println(row("domain", "SES DKIM", "MAIL FROM", "hosted zone", "records in zone", "next re-check", "started", "age"));
        rows.forEach(out::println);
        return 0;
    }

    /** One domain's report as a row of the table. */
    static String row(Outcome.StatusReported status) {
        String records = status.records().map(expected -> status.recordsFound()
                .map(found -> found.size() + " of " + expected.size()).orElse("no zone")).orElse("no tokens");
        return row(status.domain().name(),
                status.dkimStatus().map(DkimStatus::sesName).orElse("unknown to SES"),
                status.mailFrom().map(mailFrom -> mailFrom.status().sesName()).orElse("none"),
                status.hostedZoneId().orElse("none"),
                records,
                status.nextRecheck().map(next -> next.at() + " #" + next.attempt()).orElse("none"),
                status.startedAt().map(Object::toString).orElse("-"),
                status.age().map(StatusCommand::age).orElse("-"));
    }

    private static String age(Duration age) {
        return age.toHours() + "h" + String.format("%02dm", age.toMinutesPart());
    }

    private static String row(String domain, String ses, String mailFrom, String zone, String records, String next,
                              String started, String age) {
        return String.format("%-40s %-16s %-16s %-24s %-15s %-24s %-22s %s", domain, ses, mailFrom, zone, records, next,
                started, age).stripTrailing();
    }
}
