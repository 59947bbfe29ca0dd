package org.namelog.migration.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The names the writes use: a few plain ones that many entries share (so the name caches get
 * hits), and the hostile ones the DAO promises to keep exact: empty, longer than a btree entry,
 * variants by case, spaces and Unicode normal form, emoji, and NULL. Never U+0000 or an unpaired
 * surrogate: those are refused by design.
 */
final class Names {

    /** Above the ~2.7 kB a btree entry holds; the two differ only in their last character. */
    static final String LONG_A = "L".repeat(3_500) + "a";
    static final String LONG_B = "L".repeat(3_500) + "b";

    private Names() {
    }

    static Arbitrary<String> any() {
        Arbitrary<String> plain = Arbitraries.of("alice", "bob", "carol");
        Arbitrary<String> hostile = Arbitraries.of(
                "", "Alice", "ALICE", "alice ", " alice",
                "\u00e9lise", "e\u0301lise",            // NFC and NFD of the same word
                "\uD83E\uDD84 unicorn", "\u540d\u524d",  // emoji (a surrogate pair), CJK
                LONG_A, LONG_B);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, plain),
                net.jqwik.api.Tuple.of(3, hostile)).injectNull(0.15);
    }

    /** A name as a log line shows it: quoted, long ones shortened, invisible differences spelled out. */
    static String describe(String name) {
        if (name == null) {
            return "NULL";
        }
        if (name.length() > 40) {
            return "\"" + name.substring(0, 8) + "...(" + name.length() + " chars)..." + name.substring(name.length() - 4) + "\"";
        }
        StringBuilder text = new StringBuilder("\"");
        name.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) {
                text.append(String.format("\\u{%x}", cp));
            } else {
                text.appendCodePoint(cp);
            }
        });
        return text.append('"').toString();
    }
}
