package dev.fastclock.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider plans each method at its own first call, so a program pays only for the routes it
 * uses (the cold-start figures in the README rest on this). Seen from outside: the classes a fresh
 * child JVM loaded (-Xlog:class+load) after exactly one call.
 */
class LazyPlanningTest {

    private static Set<String> loadedAfter(Path dir, String method) throws IOException {
        Path log = dir.resolve(method + "-classes.log");
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:file=" + log + ":none")
                .args("only", method)
                .run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("provider=linux-x64"), r.toString());
        assertTrue(r.stdout().contains("probe=done"), r.toString());
        return Files.readAllLines(log).stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
    }

    @Test
    void firstNanosStartsNoForeignFunctionInterface(@TempDir Path dir) throws IOException {
        Set<String> loaded = loadedAfter(dir, "nanos");
        assertTrue(loaded.contains("dev.fastclock.linux.x64.internal.LinuxBackend"), "the Linux provider served it");
        assertTrue(loaded.contains("dev.fastclock.linux.x64.internal.Planner"), "planned by its planner");
        assertTrue(loaded.contains("dev.fastclock.FastClock$NanosReader"), "read through nanos()'s holder class");
        assertFalse(loaded.contains("dev.fastclock.FastClock$EpochNanosReader"), "no other method was planned");
        assertFalse(loaded.contains("java.lang.foreign.Linker"), "nanos() is on the JDK route: no linker needed");
        assertFalse(loaded.contains("dev.fastclock.linux.x64.elf.VdsoImage"), "nanos() needs no vDSO");
        // the JDK route is the catalogue's own reader: no route is opened, no call built, no downcall made
        assertFalse(loaded.contains("dev.fastclock.linux.x64.internal.Routes"), "no route opened for the JDK route");
        assertFalse(loaded.contains("dev.fastclock.linux.x64.internal.Call"), "no native call built for the JDK route");
        assertFalse(loaded.contains("dev.fastclock.linux.x64.internal.Natives$Holder"), "no linker started");
    }

    @Test
    void firstCpuNeverReadsTheVdso(@TempDir Path dir) throws IOException {
        Set<String> loaded = loadedAfter(dir, "cpu");
        assertTrue(loaded.contains("java.lang.foreign.Linker"), "cpu() is a native call");
        assertFalse(loaded.contains("dev.fastclock.linux.x64.elf.VdsoImage"), "cpu() on libc never parses the vDSO");
        assertFalse(loaded.contains("dev.fastclock.linux.x64.internal.ProcMaps"), "nor reads the maps");
    }
}
