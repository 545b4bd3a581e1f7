package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Domain converts with IDNA2003; no name it accepts may be another domain than the one IDNA2008 gives, as browsers apply it. */
class DomainIdna2008Test {

    @Test
    void noCharacterMakesAnAcceptedNameOtherThanTheOneIdna2008Gives() {
        List<String> differing = new ArrayList<>();
        int compared = 0;
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            // IDNA2003 refuses what Unicode 3.2 had not assigned, and private use; lower-casing leaves unassigned ones alone.
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                continue;
            }
            String character = Character.toString(cp);
            for (String raw : List.of(character + ".example.com", "a" + character + "a.example.com")) {
                Optional<String> idna2008 = BrowserIdna.toAscii(raw);
                if (idna2008.isEmpty()) {
                    continue;
                }
                String accepted;
                try {
                    accepted = Domain.parse(raw).name();
                } catch (RejectedInputException rejected) {
                    continue;
                }
                compared++;
                if (!accepted.equals(idna2008.get())) {
                    differing.add(String.format("U+%04X %s: %s, IDNA2008 %s", cp, Character.getName(cp), accepted, idna2008.get()));
                }
            }
        }
        assertThat(differing).as("accepted as another domain than IDNA2008 gives").isEmpty();
        assertThat(compared).as("names both accept, so that the comparison means something").isGreaterThan(150_000);
    }
}
