/**
 * FastClock as the clock of the libraries that stamp and time events: Log4j2
 * ({@link dev.fastclock.integrations.Log4jClock}, {@link dev.fastclock.integrations.Log4jCoarseClock}),
 * Micrometer ({@link dev.fastclock.integrations.MicrometerClock}), the OpenTelemetry SDK
 * ({@link dev.fastclock.integrations.OpenTelemetryClock}) and Agrona
 * ({@link dev.fastclock.integrations.AgronaClocks}).
 *
 * <p>Each library is optional ({@code requires static}): an application brings the ones it uses, and
 * only the classes for those are ever loaded. On the module path, an application requires this module
 * (which gives it {@code dev.fastclock} too) and the library it passes a clock to; Log4j2 loads its clock by name, so an application that names
 * one in {@code log4j2.clock} requires this module (or adds it with {@code --add-modules}).
 */
// Micrometer, the OpenTelemetry SDK and Agrona ship automatic modules (a stable Automatic-Module-Name, no
// module-info). Not transitive: that would make every library a compile-time requirement of every user.
@SuppressWarnings("requires-automatic")
module dev.fastclock.integrations {
    // Transitive: whoever plugs these clocks in reads FastClock too (describe(), report(), SettableClock in
    // tests), and dev.fastclock is in the module graph anyway; a user then needs one requires, not two.
    requires transitive dev.fastclock;

    requires static org.apache.logging.log4j.core;
    requires static micrometer.core;
    requires static io.opentelemetry.sdk.common;
    requires static org.agrona;

    exports dev.fastclock.integrations;
}
