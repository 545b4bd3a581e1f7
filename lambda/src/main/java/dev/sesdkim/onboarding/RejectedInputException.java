package dev.sesdkim.onboarding;

/**
 * Input that can never succeed, however often it is retried: it is sent to the dead-letter queue with
 * {@link #reason()} and acknowledged, so it neither blocks the FIFO group nor gets lost.
 */
public final class RejectedInputException extends RuntimeException {

    public RejectedInputException(String reason) {
        super(reason);
    }

    public RejectedInputException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public String reason() {
        return getMessage();
    }

    /** Quotes a user-supplied value for a reason: printable, escaped, bounded, so a hostile value cannot forge log lines or break attributes. */
    public static String quote(String value) {
        int limit = 80;
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().limit(limit).forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (!isPlainPrintable(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > limit) {
            out.append("…");
        }
        return out.append('"').toString();
    }

    private static boolean isPlainPrintable(int cp) {
        int type = Character.getType(cp);
        // Combining and enclosing marks (variation selectors among them), the Mongolian soft hyphen and the Hangul fillers
        // are escaped too: alone or stacked they are invisible or misleading in a log line.
        return cp >= 0x20 && cp != 0x7f && cp != 0x1806 && cp != 0x115F && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0
                && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.UNASSIGNED && type != Character.CONTROL && type != Character.PRIVATE_USE
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK;
    }
}
