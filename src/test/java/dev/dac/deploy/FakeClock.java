package dev.dac.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, or when the client waits on it: retries and deadlines without real waits. */
final class FakeClock implements ClientClock {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Long> waits = Collections.synchronizedList(new ArrayList<>());

    @Override
    public long millis() {
        return now.get();
    }

    @Override
    public void sleep(long millis) {
        waits.add(millis);
        now.addAndGet(millis);
    }

    void advance(long millis) {
        now.addAndGet(millis);
    }

    /** Every wait the client asked for, in order. */
    List<Long> waits() {
        return List.copyOf(waits);
    }
}
