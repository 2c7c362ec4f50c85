package dev.fastclock.linux.x64;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/** Work in progress. */
public final class LinuxX64Provider implements FastClockProvider {
    /** For ServiceLoader. */
    public LinuxX64Provider() {
    }

    @Override
    public String name() {
        return "linux-x64";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.of("not built yet");
    }

    @Override
    public FastClockBackend create() {
        throw new UnsupportedOperationException();
    }
}
