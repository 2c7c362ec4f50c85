/**
 * FastClock as the clock of the libraries that stamp and time events: Log4j2
 * ({@link dev.fastclock.integrations.Log4jClock}, {@link dev.fastclock.integrations.Log4jCoarseClock}),
 * Micrometer ({@link dev.fastclock.integrations.MicrometerClock}), the OpenTelemetry SDK
 * ({@link dev.fastclock.integrations.OpenTelemetryClock}) and Agrona
 * ({@link dev.fastclock.integrations.AgronaClocks}).
 *
 * <p>Each library is optional ({@code requires static}): an application brings the ones it uses, and
 * only the classes for those are ever loaded. They are {@code transitive} too, because each class here
 * is one of that library's types.
 */
// Micrometer, the OpenTelemetry SDK and Agrona ship automatic modules (a stable Automatic-Module-Name,
// no module-info): requiring them transitively is what their own users on the module path do.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.fastclock.integrations {
    requires dev.fastclock;

    requires static transitive org.apache.logging.log4j.core;
    requires static transitive micrometer.core;
    requires static transitive io.opentelemetry.sdk.common;
    requires static transitive org.agrona;

    exports dev.fastclock.integrations;
}
