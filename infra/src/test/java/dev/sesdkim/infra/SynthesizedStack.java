package dev.sesdkim.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The app synthesised once per deployment context and shared by every test class in the JVM: the first jsii call
 * and each synthesis take seconds. The feature flags come from {@code cdk.json}, so the template is what
 * {@code cdk synth} writes.
 */
record SynthesizedStack(String name, DkimOnboardingStack stack, Template template, List<Annotation> annotations,
                        Path templateFile) {

    /**
     * An error, warning or info the synthesis attached to a construct, as the cloud assembly manifest records it.
     *
     * @param level {@code error}, {@code warning} or {@code info}
     */
    record Annotation(String constructPath, String level, String message) {
    }

    /** Every optional feature on: zones, alarm email, archive, DKIM target domain, a MAIL FROM label. */
    static final Map<String, Object> CONFIGURED = Map.of(
            "hostedZoneIds", "Z0000000000000000001,/hostedzone/Z0000000000000000002",
            "alarmEmail", "dkim-alarms@example.com",
            "sesCallsPerSecond", "1",
            "dkimRecordTtl", "600",
            "outcomeArchiveDays", "30",
            "logRetentionDays", "90",
            "dkimTargetDomain", "dkim.example-region.amazonses.com",
            "dnsResolver", "10.0.0.2:53",
            "mailFromLabel", "Bounce");

    /** The deployer opted into every hosted zone in the account. */
    static final Map<String, Object> ALL_HOSTED_ZONES = Map.of("allHostedZones", "true");

    /** An account whose Lambda concurrency quota is under 101, as new accounts' often is. */
    static final Map<String, Object> SMALL_ACCOUNT = Map.of("reservedConcurrency", "none");

    /** Asia Pacific (Taipei), where Lambda does not offer SnapStart. */
    static final String REGION_WITHOUT_SNAPSTART = "ap-east-2";

    private static final Map<String, SynthesizedStack> SYNTHESIZED = new ConcurrentHashMap<>();

    static SynthesizedStack configured() {
        return of("configured", CONFIGURED);
    }

    /** No context at all: what {@code npx cdk synth} on a fresh clone produces. */
    static SynthesizedStack defaults() {
        return of("defaults", Map.of());
    }

    static SynthesizedStack allHostedZones() {
        return of("all-hosted-zones", ALL_HOSTED_ZONES);
    }

    static SynthesizedStack smallAccount() {
        return of("small-account", SMALL_ACCOUNT);
    }

    /** The defaults, synthesised by a CLI that knows it deploys to a region without SnapStart. */
    static SynthesizedStack inRegionWithoutSnapStart() {
        return of("region-without-snapstart", Map.of(), Optional.of(REGION_WITHOUT_SNAPSTART));
    }

    /** The same region, with SnapStart turned off as the warning says. */
    static SynthesizedStack snapStartOff() {
        return of("snapstart-off", Map.of("snapStart", "false"), Optional.of(REGION_WITHOUT_SNAPSTART));
    }

    private static SynthesizedStack of(String name, Map<String, Object> deploymentContext) {
        return of(name, deploymentContext, Optional.empty());
    }

    private static synchronized SynthesizedStack of(String name, Map<String, Object> deploymentContext, Optional<String> region) {
        return SYNTHESIZED.computeIfAbsent(name, ignored -> synthesize(name, deploymentContext, region));
    }

    private static SynthesizedStack synthesize(String name, Map<String, Object> deploymentContext, Optional<String> region) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.putAll(deploymentContext);
        App app = new App(AppProps.builder()
                .context(context)
                .outdir(Path.of("target", "cdk.out", name).toAbsolutePath().toString())
                .build());
        DkimOnboardingStack stack = DkimOnboardingApp.build(app, region);
        CloudAssembly assembly;
        try {
            assembly = app.synth();
        } catch (RuntimeException validationFailed) {
            // Error annotations (cdk-nag findings among them) fail synthesis; name them rather than the bare failure.
            String errors = annotations(Path.of(app.getOutdir()), stack.getArtifactId()).stream()
                    .filter(annotation -> annotation.level().equals("error"))
                    .map(annotation -> annotation.constructPath() + ": " + annotation.message())
                    .collect(Collectors.joining(System.lineSeparator()));
            throw new AssertionError("Synthesising the " + name + " stack failed:" + System.lineSeparator() + errors,
                    validationFailed);
        }
        CloudFormationStackArtifact artifact = assembly.getStackArtifact(stack.getArtifactId());
        return new SynthesizedStack(name, stack, Template.fromStack(stack),
                annotations(Path.of(assembly.getDirectory()), artifact.getId()), Path.of(artifact.getTemplateFullPath()));
    }

    private static List<Annotation> annotations(Path assemblyDirectory, String artifactId) {
        JsonNode artifact = readJson(assemblyDirectory.resolve("manifest.json")).path("artifacts").path(artifactId);
        // Recent CDK versions move the metadata out of the manifest into a file of its own.
        JsonNode metadata = artifact.has("additionalMetadataFile")
                ? readJson(assemblyDirectory.resolve(artifact.path("additionalMetadataFile").asText()))
                : artifact.path("metadata");
        List<Annotation> annotations = new ArrayList<>();
        metadata.properties().forEach(constructEntries -> constructEntries.getValue().forEach(entry -> {
            String type = entry.path("type").asText();
            if (type.startsWith(ANNOTATION_TYPE_PREFIX)) {
                annotations.add(new Annotation(constructEntries.getKey(), type.substring(ANNOTATION_TYPE_PREFIX.length()),
                        entry.path("data").asText()));
            }
        }));
        return annotations;
    }

    private static final String ANNOTATION_TYPE_PREFIX = "aws:cdk:";

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Map<String, Object> cdkJsonContext() {
        JsonNode context = readJson(FunctionJar.repositoryRoot().resolve("cdk.json")).path("context");
        return new ObjectMapper().convertValue(context, new TypeReference<>() {
        });
    }
}
