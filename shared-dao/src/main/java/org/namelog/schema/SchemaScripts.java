package org.namelog.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The versioned schema files on the classpath under {@code db/migration}. */
public final class SchemaScripts {

    static final String LOCATION = "db/migration/";
    private static final Pattern NAME = Pattern.compile("([VU])(\\d+)__(\\w+)\\.sql");

    private final List<SchemaScript> scripts;

    private SchemaScripts(List<SchemaScript> scripts) {
        this.scripts = List.copyOf(scripts);
    }

    /** Every script shipped in this jar, in version order (forward before undo). */
    public static SchemaScripts load() {
        List<SchemaScript> found = new ArrayList<>();
        for (String fileName : listFileNames()) {
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) {
                continue;
            }
            found.add(new SchemaScript(Integer.parseInt(m.group(2)), m.group(1).equals("U"),
                    m.group(3).replace('_', ' '), fileName, read(fileName)));
        }
        found.sort(Comparator.comparingInt(SchemaScript::version).thenComparing(SchemaScript::undo));
        return new SchemaScripts(found);
    }

    /** All scripts, in version order. */
    public List<SchemaScript> all() {
        return scripts;
    }

    /** The script that applies step {@code version}. */
    public SchemaScript forward(int version) {
        return find(version, false).orElseThrow(() -> new IllegalArgumentException(
                "no schema file V" + version + "__*.sql under " + LOCATION));
    }

    /** The script that undoes step {@code version}, if the step can be undone. */
    public Optional<SchemaScript> undo(int version) {
        return find(version, true);
    }

    private Optional<SchemaScript> find(int version, boolean undo) {
        return scripts.stream().filter(s -> s.version() == version && s.undo() == undo).findFirst();
    }

    private static String read(String fileName) {
        try (InputStream in = resource(fileName).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION + fileName, e);
        }
    }

    private static URL resource(String fileName) {
        URL url = SchemaScripts.class.getClassLoader().getResource(LOCATION + fileName);
        if (url == null) {
            throw new IllegalStateException(LOCATION + fileName + " is not on the classpath");
        }
        return url;
    }

    private static List<String> listFileNames() {
        // V1 is always there: find the folder (or jar) it lives in and list its neighbours.
        URL anchor = SchemaScripts.class.getClassLoader().getResource(LOCATION + "V1__legacy_namelog.sql");
        if (anchor == null) {
            throw new IllegalStateException(LOCATION + " is not on the classpath");
        }
        try {
            List<String> names = new ArrayList<>();
            if (anchor.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(LOCATION) && entry.length() > LOCATION.length()
                                && entry.indexOf('/', LOCATION.length()) < 0) {
                            names.add(entry.substring(LOCATION.length()));
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(anchor.toURI()).getParent())) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + LOCATION, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list " + LOCATION, e);
        }
    }
}
