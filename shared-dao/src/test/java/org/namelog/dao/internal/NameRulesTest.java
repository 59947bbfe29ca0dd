package org.namelog.dao.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.namelog.dao.InvalidNameException;

class NameRulesTest {

    @Test
    void acceptsNullEmptyAndAnyValidUnicode() {
        for (String ok : new String[] {null, "", " ", "\uD83D\uDE00", "e\u0301", "\t\n"}) {
            assertThatCode(() -> NameRules.requireStorable("name", ok)).doesNotThrowAnyException();
        }
    }

    @Test
    void rejectsNulWithItsPosition() {
        assertThatThrownBy(() -> NameRules.requireStorable("name", "ab\u0000"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("name contains a NUL character (U+0000) at index 2; PostgreSQL text cannot store it: remove or replace it");
    }

    @Test
    void rejectsUnpairedSurrogatesThatWouldBeReplacedSilently() {
        assertThatThrownBy(() -> NameRules.requireStorable("name", "a\uDE00")).hasMessageContaining("index 1");
        assertThatThrownBy(() -> NameRules.requireStorable("name", "\uD83D")).hasMessageContaining("index 0");
        assertThatThrownBy(() -> NameRules.requireStorable("name", "\uD83Dx")).hasMessageContaining("index 0");
    }
}
