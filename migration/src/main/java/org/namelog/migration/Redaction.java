package org.namelog.migration;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * The one place that takes credentials out of text the tool prints or records: a URL's
 * {@code password=} / {@code sslpassword=} parameters (any case) and the password of a
 * {@code user:password@host} form. Every message that may carry a connection URL or a driver's
 * message passes through it before it reaches stderr or {@code namelog_migration_history}.
 * The tool refuses such URLs anyway ({@link ConnectionSettings}); this is the second line.
 */
public final class Redaction {

    static final String MASK = "***";

    /** {@code ?password=x}, {@code &sslPassword=x}, also percent-encoded keys such as {@code pass%77ord}. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile(
            "(?i)([?&;#]\\s*[^=&;?#\\s]*(?:password|pass%77ord|passw%6frd)[^=&;?#\\s]*=)[^&;#\\s'\"]*");

    /** {@code //user:secret@host}: everything between the colon and the at sign. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/@:\\s?'\"]*:)[^/@\\s?'\"]*@");

    private Redaction() {
    }

    /** {@code text} with every credential replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + MASK);
        return USER_INFO_PASSWORD.matcher(redacted).replaceAll("$1" + MASK + "@");
    }

    /** A writer to {@code target} that redacts each line before it passes (the tool's stderr). */
    static PrintWriter printWriter(PrintStream target) {
        return new PrintWriter(new LineRedactingWriter(target), true);
    }

    /** Holds text until a line is complete, so a URL is never split across two redactions. */
    private static final class LineRedactingWriter extends Writer {

        private final PrintStream target;
        private final StringBuilder line = new StringBuilder();

        LineRedactingWriter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                line.append(chars[i]);
                if (chars[i] == '\n') {
                    emit();
                }
            }
        }

        @Override
        public synchronized void flush() {
            emit();
            target.flush();
        }

        @Override
        public void close() {
            flush();
        }

        private void emit() {
            if (!line.isEmpty()) {
                target.print(redact(line.toString()));
                line.setLength(0);
            }
        }
    }
}
