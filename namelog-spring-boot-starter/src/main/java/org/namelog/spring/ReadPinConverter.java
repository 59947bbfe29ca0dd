package org.namelog.spring;

import org.namelog.dao.fleet.ReadPin;
import org.springframework.core.convert.converter.Converter;

/** Binds {@code namelog.read-pin} with the toolkit's own parsing, so a wrong value gets its message. */
final class ReadPinConverter implements Converter<String, ReadPin> {

    @Override
    public ReadPin convert(String source) {
        return ReadPin.parse(source);
    }
}
