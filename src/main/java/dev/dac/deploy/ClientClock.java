package dev.dac.deploy;

/**
 * The Kibana client's time: the clock its deadlines are measured on and the way it waits between retries. Apart from
 * the client so that tests run retries and deadlines on a fake clock, without real waits.
 */
public interface ClientClock {

    /** Milliseconds on a monotonic clock. */
    long millis();

    /** Waits {@code millis}; an interrupt ends the wait early and stays set. */
    void sleep(long millis);

    ClientClock SYSTEM = new ClientClock() {
        @Override
        public long millis() {
            return System.nanoTime() / 1_000_000;
        }

        @Override
        public void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    };
}
