package dev.sesdkim.onboarding.reliability;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request the function sent, named the way the SDK names it: service and operation, read off the wire protocol
 * (SES's query form {@code Action}, Route 53's and Scheduler's REST paths, the {@code X-Amz-Target} of the JSON
 * services), with the body kept so a fault can be aimed at one domain.
 */
record AwsCall(String service, String operation, String body) {

    static AwsCall of(String method, String url, String target, String body) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        if (target != null && target.contains(".")) {
            String prefix = target.substring(0, target.indexOf('.'));
            String service = prefix.equals("AWSEvents") ? "EventBridge" : prefix.equals("AmazonSQS") ? "SQS" : prefix;
            return new AwsCall(service, target.substring(target.indexOf('.') + 1), body);
        }
        if (path.startsWith("/2013-04-01/")) {
            return new AwsCall("Route53", route53Operation(method, path), body);
        }
        if (path.startsWith("/schedules") || path.startsWith("/schedule-groups")) {
            return new AwsCall("Scheduler", schedulerOperation(method, path), body);
        }
        String action = formValue(body, "Action");
        if (action != null) {
            return new AwsCall("SES", action, body);
        }
        return new AwsCall("unknown", method + " " + path, body);
    }

    private static String route53Operation(String method, String path) {
        if (path.startsWith("/2013-04-01/hostedzonesbyname")) {
            return "ListHostedZonesByName";
        }
        if (path.startsWith("/2013-04-01/change/")) {
            return "GetChange";
        }
        if (path.endsWith("/rrset") || path.endsWith("/rrset/")) {
            return method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
        }
        return method.equals("GET") ? "GetHostedZone" : method + " " + path;
    }

    private static String schedulerOperation(String method, String path) {
        if (path.equals("/schedules")) {
            return "ListSchedules";
        }
        return switch (method) {
            case "POST" -> "CreateSchedule";
            case "DELETE" -> "DeleteSchedule";
            case "GET" -> "GetSchedule";
            default -> method + " " + path;
        };
    }

    /** A value of an {@code application/x-www-form-urlencoded} body, decoded; null if absent. */
    static String formValue(String body, String name) {
        if (body == null) {
            return null;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    String name() {
        return service + " " + operation;
    }

    /** True if this call is about {@code domain}: SES names it in a form field, the others somewhere in the body. */
    boolean concerns(String domain) {
        if (service.equals("SES")) {
            return domain.equals(formValue(body, "Domain")) || domain.equals(formValue(body, "Identity"))
                    || domain.equals(formValue(body, "Identities.member.1"));
        }
        return body != null && body.contains(domain);
    }
}
