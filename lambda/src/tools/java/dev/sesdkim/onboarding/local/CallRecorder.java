package dev.sesdkim.onboarding.local;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every AWS call the function makes: service, operation, when it started, when its (last) HTTP attempt left
 * (after the SES pacer, which runs first), when it ended, and how many HTTP requests it took (the SDK's retries
 * included: service limits count requests, not calls). For measurements, not for the timeline.
 */
public final class CallRecorder implements ExecutionInterceptor {

    /** One SDK call; times are {@link System#nanoTime()}. */
    public record Call(String service, String operation, long startNanos, long sentNanos, long endNanos, int requests) {
        public long durationNanos() {
            return endNanos - startNanos;
        }
    }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("benchmark.started");
    private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("benchmark.sent");
    private static final ExecutionAttribute<Integer> REQUESTS = new ExecutionAttribute<>("benchmark.requests");

    private final List<Call> calls = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(SENT, System.nanoTime());
        Integer requests = attributes.getAttribute(REQUESTS);
        attributes.putAttribute(REQUESTS, requests == null ? 1 : requests + 1);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        long now = System.nanoTime();
        Long started = attributes.getAttribute(STARTED);
        Long sent = attributes.getAttribute(SENT);
        Integer requests = attributes.getAttribute(REQUESTS);
        Call call = new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                started == null ? now : started, sent == null ? now : sent, now, requests == null ? 0 : requests);
        synchronized (calls) {
            calls.add(call);
        }
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String operation) {
        return calls().stream().filter(call -> call.operation().equals(operation)).toList();
    }

    public long count(Predicate<Call> which) {
        return calls().stream().filter(which).count();
    }

    public long count(String operation) {
        return calls(operation).size();
    }

    /** HTTP requests sent for the calls to {@code service} (the SDK's name: "Route53", "Ses", ...), retries included. */
    public long requests(String service) {
        return calls().stream().filter(call -> call.service().equals(service)).mapToLong(Call::requests).sum();
    }

    public void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }
}
