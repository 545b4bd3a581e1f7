package dev.sesdkim.onboarding;

import java.util.ArrayList;
import java.util.List;

/** Where outcomes are announced for the platform to react to. */
public interface OutcomeEvents {

    /** Publishes the outcome; returns only once it was accepted. */
    void publish(Outcome outcome);

    /**
     * Publishes the outcomes together, in as few requests as the bus allows, and returns the positions (in
     * {@code outcomes}, ascending) of those it did not accept after retrying them; the others were accepted. An error
     * that says nothing about single outcomes (the whole request failed) is thrown. This default publishes one at a
     * time.
     */
    default List<Integer> publishAll(List<Outcome> outcomes) {
        List<Integer> notAccepted = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            try {
                publish(outcomes.get(i));
            } catch (RuntimeException e) {
                notAccepted.add(i);
            }
        }
        return notAccepted;
    }
}
