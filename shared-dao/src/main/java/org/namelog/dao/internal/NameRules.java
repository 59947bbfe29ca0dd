package org.namelog.dao.internal;

import org.namelog.dao.InvalidNameException;

/** What makes a Java string storable in a PostgreSQL {@code text} column without loss. */
public final class NameRules {

    private NameRules() {}

    /**
     * Checks that {@code name} round-trips byte for byte. {@code null} is a valid name (it stays
     * NULL), and so is the empty string.
     *
     * @throws InvalidNameException if the name holds U+0000 (PostgreSQL text cannot hold it) or an
     *     unpaired surrogate (it has no UTF-8 form: the driver would silently replace it with '?')
     */
    public static void requireStorable(String field, String name) {
        if (name == null) {
            return;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\u0000') {
                throw new InvalidNameException(field + " contains a NUL character (U+0000) at index " + i
                        + "; PostgreSQL text cannot store it: remove or replace it");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw unpaired(field, i);
            }
            if (Character.isLowSurrogate(c)) {
                throw unpaired(field, i);
            }
        }
    }

    private static InvalidNameException unpaired(String field, int index) {
        return new InvalidNameException(field + " contains an unpaired UTF-16 surrogate at index " + index
                + "; it has no UTF-8 form and would not be stored exactly: send valid Unicode");
    }
}
