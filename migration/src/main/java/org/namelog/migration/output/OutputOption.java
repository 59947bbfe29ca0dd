package org.namelog.migration.output;

import picocli.CommandLine.Option;

/**
 * {@code --output text|json} of the commands a script reads. With {@code json}, standard output
 * carries exactly one JSON document (shapes in the README, section "Scriptable output"); what the
 * command would print for a person along the way goes to standard error.
 */
public final class OutputOption {

    /** How a command prints its result. */
    public enum Format { TEXT, JSON }

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", converter = FormatConverter.class,
            description = "text (default) or json: one JSON document on standard output, progress on standard error")
    Format format = Format.TEXT;

    public boolean json() {
        return format == Format.JSON;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "--output takes text or json, not '" + value + "'");
            };
        }
    }
}
