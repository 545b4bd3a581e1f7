package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.FormParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Timeline} and the {@link PendingSeam} for a function in another process, at the {@link RecordingProxy}
 * its AWS_ENDPOINT_URL points at: each call is read from the wire (SES's query protocol, Route 53's XML, Scheduler's
 * and SQS's JSON) and printed as the in-process interceptors print it. Only successful calls, as there.
 */
final class TimelineAtProxy implements RecordingProxy.Exchanges {

    private static final Pattern CHANGE_RECORDS = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern SCHEDULE = Pattern.compile("/schedules/([^/]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Timeline timeline;
    private final Optional<PendingSeam> pending;

    TimelineAtProxy(Timeline timeline, Optional<PendingSeam> pending) {
        this.timeline = timeline;
        this.pending = pending;
    }

    @Override
    public String answer(Request request, int status, String answer) {
        if (status < 200 || status > 299) {
            return answer;
        }
        try {
            FormParameter action = request.formParameter("Action");
            if (action != null && action.isPresent()) {
                return ses(request, action.firstValue(), answer);
            }
            String path = URI.create(request.getUrl()).getRawPath();
            Matcher records = CHANGE_RECORDS.matcher(path);
            Matcher schedule = SCHEDULE.matcher(path);
            if (RequestMethod.POST.equals(request.getMethod()) && records.matches()) {
                recordChanges(decode(records.group(1)), xml(request.getBodyAsString()));
            } else if (schedule.matches() && RequestMethod.POST.equals(request.getMethod())) {
                timeline.scheduleCreated(decode(schedule.group(1)), JSON.readTree(request.getBodyAsString()).path("ScheduleExpression").asText());
            } else if (schedule.matches() && RequestMethod.DELETE.equals(request.getMethod())) {
                timeline.scheduleDeleted(decode(schedule.group(1)));
            } else if ("AmazonSQS.SendMessage".equals(request.getHeader("X-Amz-Target"))) {
                JsonNode reason = JSON.readTree(request.getBodyAsString()).path("MessageAttributes").path("rejectReason");
                if (!reason.isMissingNode()) {
                    timeline.deadLettered(reason.path("StringValue").asText());
                }
            }
            return answer;
        } catch (Exception e) {
            // The run must not fail the function's call over its own reading of it: say so on the timeline instead.
            timeline.line("proxy", "could not read " + request.getMethod() + " " + request.getUrl() + ": " + e);
            return answer;
        }
    }

    private String ses(Request request, String action, String answer) throws Exception {
        switch (action) {
            case "VerifyDomainDkim" -> timeline.verifyDomainDkim(form(request, "Domain"),
                    xml(answer).getElementsByTagName("member").getLength());
            case "GetIdentityDkimAttributes" -> {
                return dkimStatuses(answer);
            }
            case "SetIdentityMailFromDomain" -> timeline.setMailFromDomain(form(request, "Identity"), form(request, "MailFromDomain"));
            case "GetIdentityMailFromDomainAttributes" -> {
                Map<String, Timeline.MailFromStatus> statuses = new LinkedHashMap<>();
                for (Element entry : entries(xml(answer))) {
                    statuses.put(text(entry, "key"), new Timeline.MailFromStatus(text(entry, "MailFromDomain"),
                            text(entry, "MailFromDomainStatus")));
                }
                timeline.mailFromStatuses(statuses);
            }
            case "DeleteIdentity" -> timeline.deleteIdentity(form(request, "Identity"));
            default -> {
                // not on the timeline in process either
            }
        }
        return answer;
    }

    /** Prints the statuses the function gets: with the seam, a status it holds at Pending is rewritten first. */
    private String dkimStatuses(String answerText) throws Exception {
        Document answer = xml(answerText);
        Map<String, String> statuses = new LinkedHashMap<>();
        boolean rewritten = false;
        for (Element entry : entries(answer)) {
            String domain = text(entry, "key");
            Element status = (Element) entry.getElementsByTagName("DkimVerificationStatus").item(0);
            if (pending.isPresent() && pending.get().heldPending(domain)) {
                status.setTextContent("Pending");
                rewritten = true;
            }
            statuses.put(domain, status.getTextContent());
        }
        timeline.dkimStatuses(statuses);
        return rewritten ? serialise(answer) : answerText;
    }

    private void recordChanges(String zoneId, Document body) {
        NodeList changes = body.getElementsByTagName("Change");
        for (int i = 0; i < changes.getLength(); i++) {
            Element change = (Element) changes.item(i);
            timeline.recordChange(text(change, "Action"), text(change, "Name"), text(change, "Type"),
                    text(change, "Value"), zoneId);
        }
    }

    private static List<Element> entries(Document answer) {
        NodeList entries = answer.getElementsByTagName("entry");
        List<Element> all = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            all.add((Element) entries.item(i));
        }
        return all;
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent();
    }

    private static String form(Request request, String name) {
        FormParameter parameter = request.formParameter(name);
        return parameter != null && parameter.isPresent() ? parameter.firstValue() : "";
    }

    private static String decode(String pathSegment) {
        return URLDecoder.decode(pathSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    private static String serialise(Document document) throws Exception {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }
}
