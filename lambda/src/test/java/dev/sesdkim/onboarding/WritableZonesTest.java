package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritableZonesTest {

    @Test
    void aListGrantsExactlyItsZonesWithOrWithoutTheRoute53Prefix() {
        WritableZones zones = WritableZones.parse(" Z1 ,/hostedzone/Z2,,");

        assertThat(zones.ids()).isEqualTo(Set.of("Z1", "Z2"));
        assertThat(zones.contains("Z1")).isTrue();
        assertThat(zones.contains("/hostedzone/Z2")).isTrue();
        assertThat(zones.contains(new HostedZone("Z3", "example.com"))).isFalse();
    }

    @Test
    void theStarGrantsEveryZoneAndNoneOrEmptyGrantsNone() {
        assertThat(WritableZones.parse("*").contains("ZANY")).isTrue();
        assertThat(WritableZones.parse("none").contains("ZANY")).isFalse();
        assertThat(WritableZones.parse("").contains("ZANY")).isFalse();
    }

    @Test
    void refusesAnythingThatIsNotAZoneId() {
        assertThatThrownBy(() -> WritableZones.parse("Z1,example.com"))
                .hasMessage("\"example.com\" is not a hosted zone id");
        assertThatThrownBy(() -> WritableZones.parse("z1")).hasMessage("\"z1\" is not a hosted zone id");
    }

    @Test
    void aRequestedZoneOutsideTheGrantIsRejectedNamingIt() {
        WritableZones zones = WritableZones.parse("Z1");

        assertThatCode(() -> zones.requireWritable(Optional.empty())).doesNotThrowAnyException();
        assertThatCode(() -> zones.requireWritable(Optional.of("Z1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> zones.requireWritable(Optional.of("Z9")))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("hosted zone \"Z9\" is not one this deployment may write (it may write only Z1)");
    }
}
