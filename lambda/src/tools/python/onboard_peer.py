"""The peer a user would write instead of the Java function: the same onboarding path in Python with boto3.

Used by the benchmark (dev.sesdkim.onboarding.local.Benchmark) as the cold-start yardstick. It handles one SQS event
the way the Java handler does for an onboard message: normalise and validate the domain, find the longest public hosted
zone, VerifyDomainDkim, UPSERT the three CNAMEs in one ChangeResourceRecordSets, create the one-time re-check schedule,
PutEvents "DKIM Records Published". Settings come from the same environment variables as the function's.

Usage: python3 onboard_peer.py EVENT_FILE
Prints one JSON line with the batch response and timings; doneEpochMicros is when the first batch was handled.
"""
import time

_STARTED = time.perf_counter()

import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import boto3  # noqa: E402

LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
log = logging.getLogger("onboard_peer")


def canonical_domain(raw):
    name = raw.strip().lower().rstrip(".")
    name = name.encode("idna").decode("ascii") if any(ord(c) > 127 for c in name) else name
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or "_domainkey" in labels or labels[-1].isdigit() \
            or not all(len(label) <= 63 and LABEL.match(label) for label in labels):
        raise ValueError(f"domain {raw!r} is invalid")
    return name


class Onboarding:
    def __init__(self, env):
        session = boto3.session.Session(region_name=env["AWS_REGION"])
        self.ses = session.client("ses")
        self.route53 = session.client("route53")
        self.scheduler = session.client("scheduler")
        self.events = session.client("events")
        self.env = env
        self.dkim_domain = env.get("DKIM_TARGET_DOMAIN", "dkim.amazonses.com")
        self.ttl = int(env.get("DKIM_RECORD_TTL", "1800"))

    def find_zone(self, domain):
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            name = ".".join(labels[i:]) + "."
            zones = [zone for zone in self.route53.list_hosted_zones_by_name(DNSName=name, MaxItems="10")["HostedZones"]
                     if zone["Name"] == name and not zone.get("Config", {}).get("PrivateZone", False)]
            if zones:
                return zones[0]["Id"].replace("/hostedzone/", "")
        return None

    def onboard(self, body):
        domain = canonical_domain(body["domain"])
        zone = self.find_zone(domain)
        tokens = self.ses.verify_domain_dkim(Domain=domain)["DkimTokens"]
        records = [{"name": f"{token}._domainkey.{domain}", "type": "CNAME",
                    "value": f"{token}.{self.dkim_domain}", "ttl": self.ttl} for token in tokens]
        if zone:
            self.route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={
                "Comment": "SES Easy DKIM records",
                "Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                    "Name": record["name"], "Type": "CNAME", "TTL": self.ttl,
                    "ResourceRecords": [{"Value": record["value"]}]}} for record in records]})
        now = datetime.now(timezone.utc)
        recheck = {"action": "recheck", "attempt": 1,
                   "domains": [{"domain": domain, "hostedZoneId": zone, "startedAt": now.isoformat()}]}
        at = (now + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
        self.scheduler.create_schedule(
            GroupName=self.env["SCHEDULE_GROUP_NAME"], Name=f"peer-1-{domain}"[:64],
            ScheduleExpression=f"at({at})", ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"}, ActionAfterCompletion="DELETE",
            Target={"Arn": self.env["RECHECK_QUEUE_ARN"], "RoleArn": self.env["SCHEDULER_ROLE_ARN"],
                    "Input": json.dumps(recheck),
                    "SqsParameters": {"MessageGroupId": self.env.get("MESSAGE_GROUP_ID", "dkim-onboarding")}})
        detail = {"domain": domain, "hostedZoneId": zone, "records": records, "startedAt": now.isoformat()}
        result = self.events.put_events(Entries=[{
            "EventBusName": self.env["EVENT_BUS_NAME"], "Source": self.env.get("EVENT_SOURCE", "dkim.onboarding"),
            "DetailType": "DKIM Records Published", "Detail": json.dumps(detail)}])
        if result.get("FailedEntryCount", 0):
            raise RuntimeError(f"PutEvents failed: {result['Entries']}")
        log.info(json.dumps({"level": "INFO", "message": f"onboarded {domain}", "domain": domain}))


def handler(event, onboarding):
    failures = []
    for record in event["Records"]:
        try:
            onboarding.onboard(json.loads(record["body"]))
        except Exception:  # a transient failure: this and every later message are redelivered, as in the function
            log.exception("failed")
            failures.extend(r["messageId"] for r in event["Records"][event["Records"].index(record):])
            break
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failures]}


def main():
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    init_started = time.perf_counter()
    onboarding = Onboarding(os.environ)
    init_done = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8") as file:
        event = json.load(file)
    handle_started = time.perf_counter()
    response = handler(event, onboarding)
    done = time.perf_counter()
    print(json.dumps({
        "failures": len(response["batchItemFailures"]),
        "records": len(event["Records"]),
        "importMillis": (init_started - _STARTED) * 1000,
        "initMillis": (init_done - init_started) * 1000,
        "firstBatchMillis": (done - handle_started) * 1000,
        "doneEpochMicros": time.time_ns() // 1000,
    }))


if __name__ == "__main__":
    main()
