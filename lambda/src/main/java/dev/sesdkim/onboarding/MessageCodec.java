package dev.sesdkim.onboarding;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the JSON bodies of queue messages. Unknown fields are ignored; a missing {@code action} means
 * {@code onboard}; anything else that does not fit the contract is a {@link RejectedInputException} naming the field.
 */
public final class MessageCodec {


    private static final String HOSTED_ZONE_PREFIX = "/hostedzone/";
    private static final int MAX_TENANT_ID_LENGTH = 256;
    private static final java.util.regex.Pattern DNS_STATE = java.util.regex.Pattern.compile("[a-z0-9:,;-]{1,200}");

    /** Strict where parsers differ, so that no other reader of the same body can see a different request. */
    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public Request parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new RejectedInputException("message body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RejectedInputException("message body must be a JSON object, like {\"action\":\"onboard\",\"domain\":\"mail.example.com\"}");
        }
        String action = optionalText(root, "action").orElse("onboard");
        return switch (action) {
            case "onboard" -> onboard(root);
            case "offboard" -> new Request.Offboard(Domain.parse(requiredText(root, "domain")), hostedZoneId(root),
                    tenantId(root));
            case "recheck" -> recheck(root);
            case "status" -> new Request.Status(Domain.parse(requiredText(root, "domain")), hostedZoneId(root),
                    tenantId(root));
            case "verify" -> new Request.Verify(Domain.parse(requiredText(root, "domain")), hostedZoneId(root),
                    tenantId(root));
            default -> throw new RejectedInputException("action " + RejectedInputException.quote(action)
                    + " is not one of onboard, recheck, offboard, status, verify");
        };
    }

    private static Request.Onboard onboard(JsonNode root) {
        Domain domain = Domain.parse(requiredText(root, "domain"));
        return new Request.Onboard(domain, hostedZoneId(root), tenantId(root),
                optionalText(root, "mailFrom").map(raw -> MailFromDomain.of(domain, raw)));
    }

    /** The {@code domain} field of a body, exactly as sent, if there is one: for the rejection event of a body that did not parse. */
    public Optional<String> rawDomain(String body) {
        try {
            JsonNode domain = mapper.readTree(body == null ? "" : body).path("domain");
            return domain.isTextual() ? Optional.of(truncate(domain.textValue())) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The body a producer sends for this request (the SnapStart priming sends one). */
    public String toJson(Request.ForDomain request) {
        ObjectNode root = mapper.createObjectNode();
        root.put("action", actionOf(request));
        root.put("domain", request.domain().name());
        request.hostedZoneId().ifPresent(id -> root.put("hostedZoneId", id));
        request.tenantId().ifPresent(id -> root.put("tenantId", id));
        if (request instanceof Request.Onboard onboard) {
            onboard.mailFrom().ifPresent(mailFrom -> root.put("mailFrom", mailFrom.name()));
        }
        return root.toString();
    }

    /** The {@code action} of a request about one domain, as a message spells it. */
    static String actionOf(Request.ForDomain request) {
        if (request instanceof Request.Offboard) {
            return "offboard";
        }
        if (request instanceof Request.Verify) {
            return "verify";
        }
        return request instanceof Request.Status ? "status" : "onboard";
    }

    public String toJson(Request.Recheck recheck) {
        ObjectNode root = mapper.createObjectNode();
        root.put("action", "recheck");
        root.put("attempt", recheck.attempt());
        if (recheck.carriedForward() > 0) {
            root.put("carriedForward", recheck.carriedForward());
        }
        ArrayNode domains = root.putArray("domains");
        for (Request.PendingDomain pending : recheck.domains()) {
            ObjectNode node = domains.addObject();
            node.put("domain", pending.domain().name());
            pending.hostedZoneId().ifPresent(id -> node.put("hostedZoneId", id));
            pending.tenantId().ifPresent(id -> node.put("tenantId", id));
            node.put("startedAt", pending.startedAt().toString());
            if (pending.reonboarded()) {
                node.put("reonboarded", true);
            }
            pending.dnsState().ifPresent(state -> node.put("dnsState", state));
            pending.mailFrom().ifPresent(mailFrom -> node.put("mailFrom", mailFrom.name()));
        }
        return root.toString();
    }

    private Request.Recheck recheck(JsonNode root) {
        JsonNode attempt = root.get("attempt");
        if (attempt == null || !attempt.canConvertToInt() || !attempt.isIntegralNumber() || attempt.intValue() < 1) {
            throw new RejectedInputException("field attempt must be a whole number of at least 1");
        }
        JsonNode domains = root.get("domains");
        if (domains == null || !domains.isArray() || domains.isEmpty()) {
            throw new RejectedInputException("field domains must be a non-empty array");
        }
        if (domains.size() > Request.Recheck.MAX_DOMAINS) {
            throw new RejectedInputException("field domains has " + domains.size() + " entries, at most "
                    + Request.Recheck.MAX_DOMAINS + " are allowed");
        }
        List<Request.PendingDomain> pending = new ArrayList<>();
        for (JsonNode node : domains) {
            if (!node.isObject()) {
                throw new RejectedInputException("each entry of domains must be an object with domain and startedAt");
            }
            JsonNode reonboarded = node.get("reonboarded");
            if (reonboarded != null && !reonboarded.isBoolean()) {
                throw new RejectedInputException("field reonboarded must be true or false");
            }
            Domain domain = Domain.parse(requiredText(node, "domain"));
            pending.add(new Request.PendingDomain(domain, hostedZoneId(node), tenantId(node), startedAt(node),
                    reonboarded != null && reonboarded.booleanValue(), dnsState(node),
                    optionalText(node, "mailFrom").map(raw -> MailFromDomain.of(domain, raw))));
        }
        JsonNode carriedForward = root.get("carriedForward");
        if (carriedForward != null && (!carriedForward.canConvertToInt() || !carriedForward.isIntegralNumber()
                || carriedForward.intValue() < 0)) {
            throw new RejectedInputException("field carriedForward must be a whole number of at least 0");
        }
        return new Request.Recheck(attempt.intValue(), pending, carriedForward == null ? 0 : carriedForward.intValue());
    }

    private static String truncate(String text) {
        int limit = 300;
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }

    private static Instant startedAt(JsonNode node) {
        String text = requiredText(node, "startedAt");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RejectedInputException("field startedAt " + RejectedInputException.quote(text)
                    + " is not an ISO-8601 instant like 2026-11-22T10:00:00Z");
        }
    }

    /** Written by this service, but read back from a queue anyone allowed may send to: a short string of known characters. */
    private static Optional<String> dnsState(JsonNode node) {
        return optionalText(node, "dnsState").map(state -> {
            if (!DNS_STATE.matcher(state).matches()) {
                throw new RejectedInputException("field dnsState " + RejectedInputException.quote(state)
                        + " is not a DNS check state like ok,missing,wrong-target:1f2e3d4c");
            }
            return state;
        });
    }

    private static Optional<String> hostedZoneId(JsonNode node) {
        return optionalText(node, "hostedZoneId").map(raw -> {
            String id = raw.strip();
            if (id.startsWith(HOSTED_ZONE_PREFIX)) {
                id = id.substring(HOSTED_ZONE_PREFIX.length());
            }
            if (!HostedZone.isZoneId(id)) {
                throw new RejectedInputException("field hostedZoneId " + RejectedInputException.quote(raw)
                        + " is not a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ");
            }
            return id;
        });
    }

    private static Optional<String> tenantId(JsonNode node) {
        return optionalText(node, "tenantId").map(id -> {
            if (id.length() > MAX_TENANT_ID_LENGTH || id.codePoints().anyMatch(Character::isISOControl)) {
                throw new RejectedInputException("field tenantId " + RejectedInputException.quote(id)
                        + " must be at most " + MAX_TENANT_ID_LENGTH + " characters with no control characters");
            }
            return id;
        });
    }

    private static String requiredText(JsonNode node, String field) {
        return optionalText(node, field).orElseThrow(() -> new RejectedInputException("field " + field + " is missing"));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new RejectedInputException("field " + field + " must be a string, not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.of(value.textValue());
    }
}
