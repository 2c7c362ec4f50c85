package dev.fastclock;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import dev.fastclock.testproviders.ScriptedBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A choice that said something and was then cut short by a {@link VirtualMachineError} (this class's own
 * JVM): {@code isSupported()}, which this provider does not serve, plans {@code cpu()} (whose plan carries
 * a warning, published) and then {@code node()}, whose first plan runs out of memory. The error reaches
 * the caller and the next call plans {@code node()} again; the warning, said once, is still logged once
 * (on the fastclock-log thread), not only kept in the report.
 */
class MessagesOfAChoiceCutShortTest {

    private static final ScriptedBackend BACKEND = new ScriptedBackend(new SettableClock());
    private static final OutOfMemoryError CUT = new OutOfMemoryError("scripted: the first plan of node");
    private static final AtomicInteger NODE_PLANS = new AtomicInteger();
    private static final String WARNING = "cpu: a warning from its plan";

    @BeforeAll
    static void aChoiceThatWarnsAndIsThenCutShort() {
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.READS);
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        BACKEND.skip(Method.IS_SUPPORTED)
                .on(Method.CPU, m -> new Plan(BACKEND.unscripted(m).reader(), BACKEND.unscripted(m).route(), WARNING))
                .on(Method.NODE, m -> {
                    if (NODE_PLANS.incrementAndGet() == 1) {
                        throw CUT;
                    }
                    return BACKEND.unscripted(m);
                });
        ScriptedProvider.onCreate(attempt -> BACKEND);
    }

    @Test
    void theWarningIsLoggedOnceTheNextChoiceIsMade() {
        assertSame(CUT, assertThrows(OutOfMemoryError.class, CpuLocator::isSupported));
        CpuLocator.isSupported();
        assertEquals(2, NODE_PLANS.get(), "node planned again");
        assertEquals(List.of("WARNING FastClock: " + WARNING), FastClock.report().messages());
        List<Entry> logged = ReadingLoggerFinder.entries().stream().filter(e -> e.logger().equals("dev.fastclock")).toList();
        assertEquals(List.of("FastClock: " + WARNING), logged.stream().map(Entry::message).toList(), "said once, logged once");
        assertEquals("fastclock-log", logged.get(0).thread());
    }
}
