package org.namelog.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.namelog.testbed.Postgres;

/**
 * What the figures ran on: cores, memory, CPU, PostgreSQL and Java versions.
 *
 * @param cores processors available to the JVM ({@code nproc})
 * @param memory total memory as {@code /proc/meminfo} says it
 * @param cpuModel the CPU's model name
 * @param postgres the server's version and the settings that shape the figures
 * @param java the JVM's vendor and version
 * @param os the operating system
 */
public record Machine(int cores, String memory, String cpuModel, String postgres, String java, String os) {

    /** This machine, with the version of the server the benchmark talks to. */
    public static Machine describe(Postgres target) {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemory(), readCpuModel(),
                target.serverVersion() + " (" + target + "; " + target.durabilitySettings() + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** Markdown lines, one per fact. */
    public List<String> markdown() {
        return List.of(
                "- cores (`nproc`): " + cores,
                "- memory: " + memory,
                "- CPU: " + cpuModel,
                "- PostgreSQL: " + postgres,
                "- Java: " + java,
                "- OS: " + os);
    }

    private static String readMemory() {
        String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        if (total == null) {
            return "unknown";
        }
        long kib = Long.parseLong(total.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }

    private static String readCpuModel() {
        String model = firstValue(Path.of("/proc/cpuinfo"), "model name");
        return model == null ? System.getProperty("os.arch") : model;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
