package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Wraps the function's handler in the poll loop and adds up what Lambda would bill and what the handler itself
 * spends: wall time and the CPU time of the invoking thread around each {@code handleRequest}.
 */
public final class MeasuredHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private long invocations;
    private long messages;
    private long wallNanos;
    private long cpuNanos;

    public MeasuredHandler(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.handler = handler;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        try {
            return handler.handleRequest(event, context);
        } finally {
            wallNanos += System.nanoTime() - wallStart;
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
            invocations++;
            messages += event.getRecords().size();
        }
    }

    public long invocations() {
        return invocations;
    }

    public long messages() {
        return messages;
    }

    public long wallNanos() {
        return wallNanos;
    }

    public long cpuNanos() {
        return cpuNanos;
    }
}
