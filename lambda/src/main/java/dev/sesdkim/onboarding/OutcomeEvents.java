package dev.sesdkim.onboarding;

/** Where outcomes are announced for the platform to react to. */
public interface OutcomeEvents {

    /** Publishes the outcome; returns only once it was accepted. */
    void publish(Outcome outcome);
}
