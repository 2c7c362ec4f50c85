package dev.fastclock.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java 17-21 runtime to run child JVMs on, found the way {@code ./fastclock} finds a JDK: the machine's default
 * {@code java} (the first on the PATH) if it is 17-21, else the oldest 17-21 under {@code /usr/lib/jvm},
 * {@code /opt/java}, {@code /opt/jdk*}, {@code /usr/java}, {@code /usr/local/lib/jvm}, {@code ~/.sdkman} and
 * {@code ~/.jdks}. Its feature version comes from the home's {@code release} file, else from asking it.
 */
final class OlderJava {

    static final int OLDEST = 17;
    static final int NEWEST = 21;

    private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Pattern SPEC = Pattern.compile("(?m)^\\s*java\\.specification\\.version = (\\d+)");

    private static Search search;

    private OlderJava() {
    }

    /** A runtime: its {@code bin/java}, its feature version and where it was found. */
    record Runtime(Path java, int feature, String foundAs) {
        @Override
        public String toString() {
            return "Java " + feature + " at " + java + " (" + foundAs + ")";
        }
    }

    /** What the search found, and what it looked at. */
    record Search(Optional<Runtime> runtime, List<String> looked) {
        /** Why there is none, for a skip message. */
        String whyNone() {
            return "no Java " + OLDEST + "-" + NEWEST + " runtime found (looked at: " + String.join("; ", looked)
                    + "): install one (e.g. openjdk-17-jre-headless) to run these tests";
        }
    }

    static synchronized Search find() {
        if (search == null) {
            search = search();
        }
        return search;
    }

    private static Search search() {
        List<String> looked = new ArrayList<>();
        Optional<Path> onPath = onPath();
        if (onPath.isPresent()) {
            Path java = onPath.get();
            OptionalInt v = feature(java);
            looked.add("PATH java " + java + " = " + (v.isPresent() ? "Java " + v.getAsInt() : "unknown"));
            if (v.isPresent() && inRange(v.getAsInt())) {
                return new Search(Optional.of(new Runtime(java, v.getAsInt(), "the default java on the PATH")), looked);
            }
        } else {
            looked.add("no java on the PATH");
        }
        Runtime best = null;
        for (Path home : installed()) {
            Path java = home.resolve("bin/java");
            if (!Files.isExecutable(java)) {
                continue;
            }
            OptionalInt v = feature(java);
            looked.add(home + " = " + (v.isPresent() ? "Java " + v.getAsInt() : "unknown"));
            if (v.isPresent() && inRange(v.getAsInt()) && (best == null || v.getAsInt() < best.feature())) {
                best = new Runtime(java, v.getAsInt(), "installed under " + home.getParent());
            }
        }
        return new Search(Optional.ofNullable(best), looked);
    }

    private static boolean inRange(int v) {
        return v >= OLDEST && v <= NEWEST;
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path java = Path.of(dir, "java");
            if (Files.isExecutable(java)) {
                try {
                    return Optional.of(java.toRealPath()); // /usr/bin/java is an alternatives link
                } catch (IOException e) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> installed() {
        List<Path> homes = new ArrayList<>();
        String user = System.getProperty("user.home");
        addChildren(homes, Path.of("/usr/lib/jvm"), "*");
        addChildren(homes, Path.of("/opt/java"), "*");
        addChildren(homes, Path.of("/opt"), "jdk*");
        addChildren(homes, Path.of("/usr/java"), "*");
        addChildren(homes, Path.of("/usr/local/lib/jvm"), "*");
        addChildren(homes, Path.of(user, ".sdkman/candidates/java"), "*");
        addChildren(homes, Path.of(user, ".jdks"), "*");
        return homes;
    }

    private static void addChildren(List<Path> homes, Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) {
                if (Files.isDirectory(p)) {
                    homes.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feature version of {@code java}: its home's release file, else {@code -XshowSettings:properties}. */
    private static OptionalInt feature(Path java) {
        Path release = java.getParent().getParent().resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher m = RELEASE.matcher(Files.readString(release, StandardCharsets.UTF_8));
                if (m.find()) {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return OptionalInt.empty();
            }
            Matcher m = SPEC.matcher(out);
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
