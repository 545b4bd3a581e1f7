package dev.sesdkim.onboarding;

/** One queue message as the workflow sees it: its id and its body, untouched. */
public record InboundMessage(String messageId, String body) {
}
