package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.SettableClock;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK's real tracer, built with {@link OpenTelemetryClock}, exports spans that start and end at the settable clock's readings. */
class OpenTelemetryClockTest {

    @Test
    void spansStartAndEndAtTheSettableClocksReadings() {
        SettableClock clock = Settable.clock();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setClock(new OpenTelemetryClock())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            Tracer tracer = provider.get("fastclock-test");
            clock.setEpochNanos(1_900_000_000_123_456_789L);

            Span parent = tracer.spanBuilder("request").startSpan();
            long parentStart = clock.epochNanos();
            clock.advance(Duration.ofMillis(3).plusNanos(7));
            Span child = tracer.spanBuilder("query").setParent(Context.current().with(parent)).startSpan();
            long childStart = clock.epochNanos();
            clock.advance(250_001);
            child.end();
            long childEnd = clock.epochNanos();
            clock.advance(11);
            parent.end();
            long parentEnd = clock.epochNanos();

            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(2, spans.size(), spans::toString);
            SpanData query = spans.get(0);
            SpanData request = spans.get(1);
            assertEquals("query", query.getName());
            assertEquals(request.getSpanId(), query.getParentSpanId());
            assertEquals(childStart, query.getStartEpochNanos());
            assertEquals(childEnd, query.getEndEpochNanos());
            assertEquals("request", request.getName());
            assertEquals(parentStart, request.getStartEpochNanos());
            assertEquals(parentEnd, request.getEndEpochNanos());
            assertEquals(1_900_000_000_123_456_789L, parentStart);
            assertEquals(3_000_007 + 250_001 + 11, parentEnd - parentStart);
        }
    }

    @Test
    void nowAndNanoTimeAreFastClocksAtEveryCall() {
        SettableClock clock = Settable.clock();
        OpenTelemetryClock otel = new OpenTelemetryClock();
        clock.setNanos(7).setEpochNanos(1_700_000_000_987_654_321L);
        assertEquals(1_700_000_000_987_654_321L, otel.now());
        assertEquals(1_700_000_000_987_654_321L, otel.now(true));
        assertEquals(1_700_000_000_987_000_000L, otel.now(false));
        assertEquals(7, otel.nanoTime());
        clock.advance(3);
        assertEquals(1_700_000_000_987_654_324L, otel.now());
        assertEquals(10, otel.nanoTime());
    }
}
