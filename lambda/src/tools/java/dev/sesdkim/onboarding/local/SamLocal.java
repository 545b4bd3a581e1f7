package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files {@code sam local invoke} needs to run the synthesised function against an emulator, and only against it.
 * SAM's {@code --env-vars} only overrides variables a template declares, and the stack's function declares no
 * {@code AWS_ENDPOINT_URL}: with the synthesised template alone the container would call real AWS with the caller's
 * credentials. So this writes, beside the synthesised template (whose asset paths are relative to it), a copy whose
 * function declares every setting with its emulator value, {@code AWS_ENDPOINT_URL} included, and the same values as
 * an {@code env.json}. It creates (or finds) on the emulator what the settings name, as the local run does.
 *
 * <pre>sam-local --endpoint URL [--mail-from LABEL] [--cdk-out DIR]</pre>
 */
public final class SamLocal {

    static final String STACK = "SesDkimOnboarding";
    static final String TEMPLATE = STACK + ".sam-local.template.json";
    static final String ENV_FILE = "sam-local.env.json";

    static final String USAGE = """
            usage: sam-local --endpoint URL [--mail-from LABEL] [--cdk-out DIR]
              --endpoint URL     the emulator sam local's container should use, as this machine reaches it
                                 (http://localhost:5000 for moto_server -H 0.0.0.0 -p 5000)
              --mail-from LABEL  the stack's mailFromLabel, if you deploy with one
              --cdk-out DIR      where cdk synth wrote the template (default: cdk.out)
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;

    SamLocal(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("dkim.logLevel", "ERROR");
        System.exit(new SamLocal(System.out).run(args));
    }

    /** Writes the two files and prints the command; 2 for bad arguments, an endpoint that is AWS, or nothing to read. */
    int run(String... args) {
        Optional<URI> endpoint = Optional.empty();
        Optional<String> mailFromLabel = Optional.empty();
        Path cdkOut = Path.of("cdk.out");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--endpoint" -> endpoint = Optional.of(URI.create(args[++i]));
                    case "--mail-from" -> mailFromLabel = Optional.of(args[++i]);
                    case "--cdk-out" -> cdkOut = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            out.print(USAGE);
            return 2;
        }
        if (endpoint.isEmpty()) {
            out.print(USAGE);
            return 2;
        }
        Optional<String> refusal = refusal(endpoint.get(), cdkOut.resolve(STACK + ".template.json"));
        if (refusal.isPresent()) {
            out.println(refusal.get());
            return 2;
        }
        LocalEnvironment local = new LocalEnvironment(endpoint.get(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        return write(cdkOut, containerEnvironment(local, mailFromLabel));
    }

    /** Why the files cannot be written, in one line; empty if they can. */
    static Optional<String> refusal(URI endpoint, Path template) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase();
        if (host.endsWith("amazonaws.com") || host.endsWith("amazonaws.com.cn") || host.endsWith("api.aws")) {
            return Optional.of("--endpoint " + endpoint + " is AWS itself: sam local must run against an emulator");
        }
        if (!Files.isRegularFile(template)) {
            return Optional.of(template + " is missing: synthesise first (npx cdk synth, docs/operations.md: Deploy)");
        }
        return LocalRun.nothingAnswersAt(endpoint);
    }

    /**
     * The function's settings as the container sees them: the emulator at {@code host.docker.internal}, Docker's own
     * resolver (this machine's loopback DNS server is out of its reach), and the region from the template's runtime.
     */
    static Map<String, String> containerEnvironment(LocalEnvironment local, Optional<String> mailFromLabel) {
        Map<String, String> environment = new LinkedHashMap<>(local.functionEnvironment(1, mailFromLabel));
        environment.remove(Settings.AWS_REGION);
        environment.remove(Settings.DNS_RESOLVER);
        URI endpoint = local.endpoint;
        environment.put(Settings.AWS_ENDPOINT_URL, endpoint.getScheme() + "://host.docker.internal:" + endpoint.getPort());
        return environment;
    }

    private int write(Path cdkOut, Map<String, String> environment) {
        try {
            ObjectNode template = (ObjectNode) json.readTree(cdkOut.resolve(STACK + ".template.json").toFile());
            List<String> functions = new ArrayList<>();
            template.path("Resources").fields().forEachRemaining(resource -> {
                if (resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                    functions.add(resource.getKey());
                    declare((ObjectNode) resource.getValue().path("Properties"), environment);
                }
            });
            ObjectNode parameters = json.createObjectNode();
            environment.forEach(parameters::put);
            json.writerWithDefaultPrettyPrinter().writeValue(cdkOut.resolve(TEMPLATE).toFile(), template);
            json.writerWithDefaultPrettyPrinter().writeValue(cdkOut.resolve(ENV_FILE).toFile(),
                    json.createObjectNode().set("Parameters", parameters));
            out.println("wrote " + cdkOut.resolve(TEMPLATE) + " (its function declares the emulator's settings, "
                    + Settings.AWS_ENDPOINT_URL + " included) and " + cdkOut.resolve(ENV_FILE));
            functions.forEach(function -> out.println("sam local invoke -t " + cdkOut.resolve(TEMPLATE) + " " + function
                    + " -e events/onboard.json --env-vars " + cdkOut.resolve(ENV_FILE)));
            return 0;
        } catch (IOException e) {
            out.println("cannot write the sam local files into " + cdkOut + ": " + e.getMessage());
            return 2;
        }
    }

    /** Every setting as a plain value, where the template had references to resources sam local cannot resolve. */
    private void declare(ObjectNode function, Map<String, String> environment) {
        ObjectNode variables = function.withObject("/Environment/Variables");
        JsonNode fixed = variables.deepCopy();
        variables.removeAll();
        fixed.fields().forEachRemaining(variable -> {
            if (variable.getValue().isTextual()) {
                variables.set(variable.getKey(), variable.getValue());
            }
        });
        environment.forEach(variables::put);
    }
}
