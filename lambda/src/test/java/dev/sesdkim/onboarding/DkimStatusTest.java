package dev.sesdkim.onboarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class DkimStatusTest {

    @ParameterizedTest
    @CsvSource({"Success, SUCCESS", "Pending, PENDING", "Failed, FAILED", "TemporaryFailure, TEMPORARY_FAILURE",
            "NotStarted, NOT_STARTED"})
    void readsEachOfSesStatuses(String ses, DkimStatus status) {
        assertThat(DkimStatus.fromSes(ses)).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(DkimStatus.class)
    void writesTheStatusAsSesSpellsIt(DkimStatus status) {
        assertThat(DkimStatus.fromSes(status.sesName())).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource(value = {"SomethingNew", "success", "''", "null"}, nullValues = "null")
    void aStatusSesMightAddLaterIsTreatedAsPendingSoTheDeadlineStillEndsIt(String ses) {
        assertThat(DkimStatus.fromSes(ses)).isEqualTo(DkimStatus.PENDING);
    }
}
