package dev.sesdkim.onboarding;

import com.ibm.icu.text.IDNA;

import java.util.Optional;

/**
 * What a browser makes of a name (the WHATWG URL standard): ICU's UTS #46, non-transitional, with the bidi and joiner
 * rules and without STD3's ASCII rules. The yardstick for what users mean by an internationalised name.
 */
final class BrowserIdna {

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE
            | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

    private BrowserIdna() {
    }

    /** The name in punycode, or empty if IDNA2008 refuses it. */
    static Optional<String> toAscii(String name) {
        IDNA.Info info = new IDNA.Info();
        String ascii = UTS46.nameToASCII(name, new StringBuilder(), info).toString();
        return info.hasErrors() ? Optional.empty() : Optional.of(ascii);
    }
}
