package dev.sesdkim.onboarding.aws;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP client that sends nothing. It answers the calls of the onboard and re-check path for
 * {@value #PRIMING_ZONE}'s domains with well-formed, canned AWS responses, so that the SnapStart priming can run the real
 * workflow (marshalling, signing, unmarshalling, the workflow's own code) before the snapshot without calling AWS or
 * touching any resource. Any other call gets a non-retryable error.
 */
final class CannedAwsResponses implements SdkHttpClient {

    static final String PRIMING_ZONE = "snapstart-priming.invalid";
    static final String PRIMING_ZONE_ID = "ZSNAPSTARTPRIMING";
    private static final String TOKENS = "<member>primingtokenaaaaaaaaaaaaaaaaaaaaaaa</member>"
            + "<member>primingtokenbbbbbbbbbbbbbbbbbbbbbbb</member><member>primingtokencccccccccccccccccccccccc</member>";
    private static final String ROUTE53 = "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"";
    private static final String SES = "xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"";

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return respond(request);
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String clientName() {
        return "CannedAwsResponses";
    }

    private static HttpExecuteResponse respond(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        String path = http.encodedPath();
        String target = http.firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.equals("AWSEvents.PutEvents")) {
            return ok("application/x-amz-json-1.1", "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"snapstart-priming\"}]}");
        }
        if (path.startsWith("/schedules/")) {
            return ok("application/json", "{\"ScheduleArn\":\"arn:aws:scheduler:us-east-1:000000000000:schedule/priming/priming\"}");
        }
        if (path.equals("/v2/email/identities/mail." + PRIMING_ZONE)) {
            // Learnt only by the priming's own workflow (see DkimTarget); reserved, so it could never be a real target.
            return ok("application/json", "{\"IdentityType\":\"DOMAIN\",\"VerifiedForSendingStatus\":true,"
                    + "\"DkimAttributes\":{\"SigningEnabled\":true,\"Status\":\"SUCCESS\",\"SigningAttributesOrigin\":\"AWS_SES\","
                    + "\"CurrentSigningKeyLength\":\"RSA_2048_BIT\",\"SigningHostedZone\":\"dkim." + PRIMING_ZONE + "\"}}");
        }
        if (path.endsWith("/hostedzonesbyname")) {
            return ok("text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListHostedZonesByNameResponse " + ROUTE53 + ">"
                    + "<HostedZones><HostedZone><Id>/hostedzone/" + PRIMING_ZONE_ID + "</Id><Name>" + PRIMING_ZONE + ".</Name>"
                    + "<CallerReference>snapstart-priming</CallerReference><Config><PrivateZone>false</PrivateZone></Config>"
                    + "<ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone></HostedZones>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>10</MaxItems></ListHostedZonesByNameResponse>");
        }
        if (path.contains("/hostedzone/") && path.contains("/rrset")) {
            return ok("text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsResponse " + ROUTE53 + ">"
                    + "<ChangeInfo><Id>/change/CSNAPSTARTPRIMING</Id><Status>PENDING</Status>"
                    + "<SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>");
        }
        String body = body(request);
        if (body.contains("Action=VerifyDomainDkim")) {
            return ok("text/xml", "<VerifyDomainDkimResponse " + SES + "><VerifyDomainDkimResult><DkimTokens>" + TOKENS
                    + "</DkimTokens></VerifyDomainDkimResult><ResponseMetadata><RequestId>snapstart-priming</RequestId>"
                    + "</ResponseMetadata></VerifyDomainDkimResponse>");
        }
        if (body.contains("Action=SetIdentityMailFromDomain")) {
            // With MAIL_FROM_LABEL set, the priming's onboarding sets its MAIL FROM domain too.
            return ok("text/xml", "<SetIdentityMailFromDomainResponse " + SES + "><SetIdentityMailFromDomainResult/>"
                    + "<ResponseMetadata><RequestId>snapstart-priming</RequestId></ResponseMetadata>"
                    + "</SetIdentityMailFromDomainResponse>");
        }
        if (body.contains("Action=GetIdentityDkimAttributes")) {
            return ok("text/xml", "<GetIdentityDkimAttributesResponse " + SES + "><GetIdentityDkimAttributesResult>"
                    + "<DkimAttributes><entry><key>mail." + PRIMING_ZONE + "</key><value><DkimEnabled>true</DkimEnabled>"
                    + "<DkimVerificationStatus>Success</DkimVerificationStatus><DkimTokens>" + TOKENS + "</DkimTokens>"
                    + "</value></entry></DkimAttributes></GetIdentityDkimAttributesResult><ResponseMetadata>"
                    + "<RequestId>snapstart-priming</RequestId></ResponseMetadata></GetIdentityDkimAttributesResponse>");
        }
        return response(400, "application/json", "{\"__type\":\"ValidationException\",\"message\":\"SnapStart priming has no "
                + "canned answer for " + http.method() + " " + path + " " + target + "\"}");
    }

    private static String body(HttpExecuteRequest request) {
        return request.contentStreamProvider().map(provider -> {
            try (InputStream content = provider.newStream()) {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("");
    }

    private static HttpExecuteResponse ok(String contentType, String body) {
        return response(200, contentType, body);
    }

    private static HttpExecuteResponse response(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", String.valueOf(bytes.length))
                        .putHeader("x-amzn-RequestId", "snapstart-priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }
}
