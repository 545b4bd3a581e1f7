package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which messages of a batch are redelivered, and which domains that holds back. */
class BatchLedgerTest {

    private static final Domain A = Domain.parse("a.example.com");
    private static final Domain B = Domain.parse("b.example.com");

    private final BatchLedger ledger = new BatchLedger(List.of(
            new InboundMessage("m1", "{}"), new InboundMessage("m2", "{}"),
            new InboundMessage("m3", "{}"), new InboundMessage("m4", "{}")));

    @Test
    void aBatchWithNothingRedeliveredReportsNothing() {
        assertThat(ledger.redelivered()).isEmpty();
        assertThat(ledger.isHeld(A)).isFalse();
    }

    @Test
    void redeliveredMessagesAreReportedInBatchOrderWhateverOrderTheyFailedIn() {
        ledger.redeliver("m4");
        ledger.redeliverAndHold("m3", A);
        ledger.redeliver("m1");

        assertThat(ledger.redelivered()).containsExactly("m1", "m3", "m4");
    }

    @Test
    void aMessageRedeliveredTwiceIsReportedOnce() {
        ledger.redeliverAndHold("m2", A);
        ledger.redeliver("m2");

        assertThat(ledger.redelivered()).containsExactly("m2");
    }

    @Test
    void redeliveringWithTheDomainHoldsThatDomainAndNoOther() {
        ledger.redeliverAndHold("m1", A);

        assertThat(ledger.isHeld(A)).isTrue();
        assertThat(ledger.isHeld(B)).isFalse();
    }

    @Test
    void redeliveringAMessageOnItsOwnHoldsNoDomain() {
        ledger.redeliver("m1");

        assertThat(ledger.isHeld(A)).isFalse();
        assertThat(ledger.isHeld(B)).isFalse();
    }

    @Test
    void aDomainStaysHeldForTheRestOfTheBatch() {
        ledger.redeliverAndHold("m1", A);
        ledger.redeliver("m3");

        assertThat(ledger.isHeld(A)).isTrue();
        assertThat(ledger.redelivered()).containsExactly("m1", "m3");
    }

    @Test
    void aMessageOfAnotherBatchCannotBeRedelivered() {
        assertThatThrownBy(() -> ledger.redeliver("m9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message m9 is not in this batch");
        assertThatThrownBy(() -> ledger.redeliverAndHold("m9", A)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.isHeld(A)).isFalse();
    }
}
