package dev.fastclock.linux.x64.internal;

import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: every {@code report()} cost 2-3 ms, re-timing ~70 k vDSO reads for the clocksource verdict
 * while holding the planner's lock. Now the verdict is measured once per process
 * ({@code Clocksource.verdict}, counted by {@link Clocksource#verdictMeasurements()}), and the backend's
 * {@code notes()} only reads what the plans left: it plans nothing, opens nothing and waits for no plan
 * under way. No time is asserted: the counts are.
 */
class ReportCostTest {

    @Test
    void fiftyReportsAndNotesMeasureTheClocksourceAtMostOnce() {
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        List<String> first = b.notes();
        int measured = Clocksource.verdictMeasurements();
        assertTrue(measured <= 1, "measured " + measured + " times before");
        for (int i = 0; i < 50; i++) {
            assertEquals(first, b.notes(), "the same notes each time");
            FastClock.report();
            LinuxBackend.eager(Failsafe.live(), Optional.empty()).notes(); // another backend: the same process's verdict
        }
        assertEquals(1, Clocksource.verdictMeasurements(), "one measurement for the whole process, whatever asked");
    }

    @Test
    void fromAFreshProcessTheFirstReportMeasuresAndNoLaterOne() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.run(ChildMains.ReportCost.class, Map.of(), "--enable-native-access=ALL-UNNAMED"));
        assertEquals("linux-x64", v.get("provider"), v.toString());
        assertEquals("0", v.get("before"), "nothing measured before the first report " + v);
        assertEquals("1", v.get("afterFirst"), "the first report measured " + v);
        assertEquals("1", v.get("after50"), "50 reports and 50 describe() later, no more " + v);
        System.out.println("a report after the first: " + v.get("microsPerReport") + " us (" + v + ")");
    }

    @Test
    void firstReportsFromManyThreadsAtOnceMeasureOnce() throws Exception {
        // Eight threads making the process's first report together: one measures, the others neither
        // measure too nor wait for it (a report meanwhile goes without the clocksource line).
        for (int run = 0; run < 2; run++) {
            Map<String, String> v = ChildJvm.values(ChildJvm.run(ChildMains.ReportCost.class, Map.of(),
                    "--enable-native-access=ALL-UNNAMED", "-Dthreads=8"));
            assertEquals("0", v.get("before"), v.toString());
            assertEquals("1", v.get("afterFirst"), "eight first reports at once measured once " + v);
            assertEquals("1", v.get("after50"), v.toString());
        }
    }

    @Test
    void theNotesOfALazyBackendPlanNothingAndTouchNothing() {
        LinuxEnvironment.Files files = new LinuxEnvironment.Files() {
            @Override
            public Optional<String> read(String path) {
                throw new AssertionError("notes() read " + path);
            }

            @Override
            public List<String> list(String dir) {
                throw new AssertionError("notes() listed " + dir);
            }
        };
        LinuxEnvironment env = Failsafe.live().withFiles(files).withImages((base, size) -> {
            throw new AssertionError("notes() read the vDSO");
        }).withAdjtimex(t -> {
            throw new AssertionError("notes() called adjtimex");
        });
        Planner p = new Planner(env, Optional.empty());
        for (int i = 0; i < 50; i++) {
            assertEquals(List.of(), p.notes());
        }
        for (Method m : Method.values()) {
            assertNull(p.planned(m), m.apiName() + ": notes() planned nothing");
        }
        assertEquals(List.of(), LinuxBackend.lazy(env, Optional.empty()).notes(), "nor does the backend's");
    }

    @Test
    void theNotesDoNotWaitForAPlanUnderWay() throws Exception {
        // A plan of ticks held inside its read of /proc/cpuinfo (the TSC verdict) on another thread: notes()
        // answers meanwhile, with what the plans so far left (the vDSO found for coarseNanos).
        CountDownLatch planning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LinuxEnvironment.Files held = new LinuxEnvironment.Files() {
            @Override
            public Optional<String> read(String path) {
                if (path.equals("/proc/cpuinfo")) {
                    planning.countDown();
                    SeamMains.await(release);
                }
                return LinuxEnvironment.LIVE_FILES.read(path);
            }

            @Override
            public List<String> list(String dir) {
                return LinuxEnvironment.LIVE_FILES.list(dir);
            }
        };
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withFiles(held), Optional.empty());
        b.plan(Method.COARSE_NANOS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> planner = pool.submit(() -> b.plan(Method.TICKS));
            assertTrue(planning.await(30, TimeUnit.SECONDS), "ticks' plan began");
            Future<List<String>> notes = pool.submit(b::notes);
            List<String> n = notes.get(60, TimeUnit.SECONDS); // a lock held by the plan would keep it until release
            assertTrue(release.getCount() == 1, "answered while the plan was still held");
            assertTrue(n.stream().anyMatch(l -> l.startsWith("vdso: at ")), "what the plans so far left: " + n);
            assertTrue(n.stream().noneMatch(l -> l.startsWith("ticks: ") || l.startsWith("tsc: ")), "nothing of the plan under way: " + n);
            release.countDown();
            planner.get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
