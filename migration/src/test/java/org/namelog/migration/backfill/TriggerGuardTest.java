package org.namelog.migration.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TriggerGuardTest {

    /** Same-event triggers fire in name order, byte by byte (the name type's C collation). */
    @Test
    void theGuardSortsAfterOrdinaryNamesAndSeesTheOnesThatSortAfterIt() {
        assertThat(TriggerGuard.firesAfterGuard("namelog_touch_timestamp")).isFalse();
        assertThat(TriggerGuard.firesAfterGuard("Z_upper_case_first")).isFalse();
        assertThat(TriggerGuard.firesAfterGuard("zz_namelog_migrate_keep_timestamp")).isFalse();
        assertThat(TriggerGuard.firesAfterGuard("zzz_last")).isTrue();
        assertThat(TriggerGuard.firesAfterGuard("~tilde")).isTrue();
        assertThat(TriggerGuard.firesAfterGuard("\u00e9t\u00e9")).as("UTF-8 bytes above ASCII sort last").isTrue();
    }
}
