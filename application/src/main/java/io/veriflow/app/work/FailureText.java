package io.veriflow.app.work;

import io.veriflow.domain.port.out.ProviderRejected;
import java.util.regex.Pattern;

/**
 * What is stored in {@code task.last_error} (and shown to operators) for a failure: the exception's simple class name
 * and its message, sanitised. Provider failures promise messages without personal data; for any other exception the
 * message is still scrubbed of control characters and e-mail addresses and of long digit runs (phone or document
 * numbers), and cut short. Never a stack trace.
 */
final class FailureText {

    static final int MAX_LENGTH = 300;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]+");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern LONG_NUMBER = Pattern.compile("(?<![\\w-])\\+?\\d[\\d -]{6,}\\d(?![\\w-])");

    private FailureText() {
    }

    static String of(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        if (failure instanceof ProviderRejected rejected) {
            name = name + "[" + sanitise(rejected.code()) + "]";
        }
        String message = failure.getMessage();
        String text = message == null || message.isBlank() ? name : name + ": " + sanitise(message);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** Only the class part of a stored failure text, for log lines. */
    static String kindOf(String failureText) {
        int colon = failureText.indexOf(':');
        return colon < 0 ? failureText : failureText.substring(0, colon);
    }

    private static String sanitise(String text) {
        String flat = CONTROL.matcher(text).replaceAll(" ").strip();
        String noEmail = EMAIL.matcher(flat).replaceAll("<email>");
        return LONG_NUMBER.matcher(noEmail).replaceAll("<number>");
    }
}
