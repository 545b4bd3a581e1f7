package dev.sesdkim.onboarding;

/** Where input that can never succeed is kept, with the reason, for a person to look at. */
public interface DeadLetters {

    /** Stores the original message body with {@code reason}; returns only once it is stored. */
    void reject(InboundMessage message, String reason);
}
