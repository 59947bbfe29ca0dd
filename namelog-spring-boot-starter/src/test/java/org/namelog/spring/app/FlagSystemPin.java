package org.namelog.spring.app;

import java.util.concurrent.atomic.AtomicReference;
import org.namelog.dao.fleet.ReadPin;
import org.namelog.spring.NameLogReadPinSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stands for a team's flag system: a read pin the test flips while the application runs. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("test.flag-system-pin")
public class FlagSystemPin {

    public static final AtomicReference<ReadPin> PIN = new AtomicReference<>(ReadPin.NONE);

    @Bean
    NameLogReadPinSource flagSystemReadPin() {
        return PIN::get;
    }
}
